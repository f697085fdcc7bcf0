#!/usr/bin/env bash
# Everything the tests need, from a fresh clone: a venv with the pinned Keras, the golden freshness check, the Java
# build with every JUnit test, a consumer project built against the installed jar, the live parity checks that
# drive real Python Keras against our CLI, and the slow tier: all of keras.applications, goldens and live.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=python-parity/.venv
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
"$venv/bin/pip" install --retries 0 --disable-pip-version-check -q -r python-parity/requirements.txt
export TF_CPP_MIN_LOG_LEVEL=2
echo "== goldens: are the committed ones what Keras produces now?"
"$venv/bin/python" python-parity/generate_goldens.py --check
"$venv/bin/python" python-parity/export_models.py --check
"$venv/bin/python" python-parity/weights_files.py --check
echo "== Java: build and JUnit tests, install the jar into the local Maven repository"
mvn -B -ntp install
echo "== consumer project: a library user's build against the installed jar (no CLI libraries on its classpath)"
mvn -B -ntp -f consumer-check/pom.xml test
echo "== live parity: Python Keras against target/keras-init"
"$venv/bin/python" python-parity/live_parity.py
echo "== streamed materialize: weights made in slices, .npz, sharded .safetensors and Keras' sharded .weights.json, against Python Keras"
"$venv/bin/python" python-parity/streaming_parity.py
"$venv/bin/python" python-parity/make_transformers.py --check
echo "== model corpus: configs other people saved (Keras 2.0.8 to 3.x), when ../shared/keras-model-corpus exists"
"$venv/bin/python" python-parity/corpus_check.py
echo "== layers in combination: 58 small models (lists through a Sequential, wrappers, shared layers, Lambdas), live"
"$venv/bin/python" python-parity/interactions_check.py
echo "== Spark: the sharded job on local[2] writes the single-process bytes (the spark profile; Spark is provided)"
mvn -B -ntp -q -Pspark test -Dtest=SparkShardsTest -Djazzer.fuzz=
echo "== keras.applications, all 40 constructors (slow tier): goldens fresh, live against keras-init, JUnit"
"$venv/bin/python" python-parity/applications.py --check --live
mvn -B -ntp test -Dtest=ApplicationsParityTest -Dgroups=applications -DexcludedTestGroups= -Djazzer.fuzz=
echo "== all checks passed: goldens, JUnit, consumer project, live parity, model corpus, Spark, keras.applications"
