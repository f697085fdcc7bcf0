package io.github.kerasinit.tensor;

import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.tensorflow.ConcreteFunction;
import org.tensorflow.DeviceSpec;
import org.tensorflow.ExecutionEnvironment;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operation;
import org.tensorflow.OperationBuilder;
import org.tensorflow.op.Ops;
import org.tensorflow.op.Scope;

/**
 * {@link Ops} for a graph whose op names are ASCII in every locale.
 *
 * <p>TF-Java 1.1 makes a repeated op name unique by formatting its counter with {@code %d} in the default locale, so
 * under a locale with its own digits (ar-EG, fa-IR: {@code Const_١}) TensorFlow refuses the second op of a type when
 * the graph runs ("Node name contains invalid characters"). These ops name as TF-Java
 * does ({@code Const}, {@code Const_1}, {@code scope/Const}), with the digits of {@link Integer#toString}; device,
 * control dependencies and everything else come from the graph's own scope. Eager sessions name no ops.
 *
 * <p>{@link #createSharing} adds one more thing for graphs of many weights: values made through {@link #shared} with
 * equal keys (a shape, a bound, their difference) are one node, not one per weight: ResNet50's drawn weights are 282
 * nodes instead of 432, which TF-Java builds and TensorFlow sets up for their first run at every start (3-8 ms).
 */
public final class GraphOps {
  private GraphOps() {}

  /** Ops that add to {@code graph}, as {@code Ops.create(graph)}, with locale-independent names. */
  public static Ops create(Graph graph) {
    return Ops.create(new BaseScopeOf(graph, false));
  }

  /** As {@link #create}, where {@link #shared} makes a value once for equal keys. */
  public static Ops createSharing(Graph graph) {
    return Ops.create(new BaseScopeOf(graph, true));
  }

  /**
   * The node {@code make} gives, made once per key, device and init scope where {@code tf} comes from {@link
   * #createSharing} (and not from {@code withName} or under control dependencies, which a shared node would not
   * have); elsewhere {@code make}'s node every time. {@code make} must be a pure function of the key: the value of
   * a node only, never a draw.
   */
  @SuppressWarnings("unchecked")
  public static <T> T shared(Ops tf, Object key, Supplier<T> make) {
    Scope scope = tf.scope();
    if (!(scope instanceof AsciiNamedScope)) {
      return make.get();
    }
    AsciiNamedScope named = (AsciiNamedScope) scope;
    if (named.shared == null || named.opName != null) {
      return make.get();
    }
    List<Object> where = List.of(key, String.valueOf(named.getDeviceString()), named.isInit());
    Object node = named.shared.get(where);
    if (node == null) {
      node = make.get();
      named.shared.put(where, node);
    }
    return (T) node;
  }

  /**
   * The graph with another base scope: {@link Ops#create(ExecutionEnvironment)} only asks an environment for its
   * base scope, and the scope it gets answers {@link Scope#env()} with the graph itself, so every op, session and
   * check sees the plain graph.
   */
  private static final class BaseScopeOf implements ExecutionEnvironment {
    private final Graph graph;
    private final boolean sharing;

    BaseScopeOf(Graph graph, boolean sharing) {
      this.graph = graph;
      this.sharing = sharing;
    }

    @Override
    public Scope baseScope() {
      return new AsciiNamedScope(graph.baseScope(), null, null, new HashMap<>(), sharing ? new HashMap<>() : null)
          .importNames();
    }

    @Override
    public OperationBuilder opBuilder(String type, String name, Scope scope) {
      return graph.opBuilder(type, name, scope);
    }

    @Override
    public void attachFunction(ConcreteFunction function) {
      graph.attachFunction(function);
    }

    @Override
    public boolean isOpEnabled(String opType) {
      return graph.isOpEnabled(opType);
    }

    @Override
    public void checkInput(Operation input) {
      graph.checkInput(input);
    }

    @Override
    public Types environmentType() {
      return graph.environmentType();
    }

    @Override
    public boolean isInitializer(Operation op) {
      return graph.isInitializer(op);
    }
  }

  /** TF-Java's naming rules (its {@code NameScope}) over another scope's device, dependencies and init flag. */
  private static final class AsciiNamedScope implements Scope {
    /** A name TF-Java numbered, "Const_3": only graphs that already have ops are scanned for them. */
    private static final class Numbered {
      static final Pattern PATTERN = Pattern.compile("(.+)_(\\d+)", Pattern.DOTALL);
    }

    private final Scope inner;
    /** "a/b" for ops named "a/b/Const"; null at the root. */
    private final String prefix;
    /** The next op's name instead of its type's, from {@link #withName}; null otherwise. */
    private final String opName;
    /** How often each name was asked for under this prefix; shared by the copies that keep the prefix. */
    private final Map<String, Integer> ids;
    /** The graph's {@link #shared} nodes; null where they are not shared. */
    private final Map<Object, Object> shared;

    AsciiNamedScope(Scope inner, String prefix, String opName, Map<String, Integer> ids, Map<Object, Object> shared) {
      this.inner = inner;
      this.prefix = prefix;
      this.opName = opName;
      this.ids = ids;
      this.shared = shared;
    }

    private AsciiNamedScope with(Scope newInner) {
      return new AsciiNamedScope(newInner, prefix, opName, ids, shared);
    }

    /** Counts the names the graph already has under this prefix, so that new ones do not collide with them. */
    AsciiNamedScope importNames() {
      if (!(inner.env() instanceof Graph)) {
        return this;
      }
      Iterator<GraphOperation> ops = ((Graph) inner.env()).operations();
      while (ops.hasNext()) {
        String name = ops.next().name();
        if (prefix != null) {
          if (!name.startsWith(prefix + "/")) {
            continue;
          }
          name = name.substring(prefix.length() + 1);
        }
        if (name.contains("/")) {
          continue;
        }
        java.util.regex.Matcher numbered = Numbered.PATTERN.matcher(name);
        if (numbered.matches()) {
          int next;
          try {
            next = Integer.parseInt(numbered.group(2)) + 1;
          } catch (NumberFormatException e) {
            continue; // more digits than an int: no counter reaches it
          }
          ids.merge(numbered.group(1), next, Math::max);
        } else {
          ids.merge(name, 1, Integer::sum);
        }
      }
      return this;
    }

    @Override
    public ExecutionEnvironment env() {
      return inner.env();
    }

    @Override
    public Scope withSubScope(String childScopeName) {
      check(childScopeName);
      String name = qualify(makeUnique(opName != null ? opName : childScopeName));
      return new AsciiNamedScope(inner, name, null, new HashMap<>(), shared).importNames();
    }

    @Override
    public Scope withName(String name) {
      check(name);
      return new AsciiNamedScope(inner, prefix, name, ids, shared);
    }

    @Override
    public Scope withNameAsSubScope(String defaultName) {
      return new AsciiNamedScope(inner, makeOpName(defaultName), null, new HashMap<>(), shared).importNames();
    }

    @Override
    public Scope withDevice(DeviceSpec newDevice) {
      return with(inner.withDevice(newDevice));
    }

    @Override
    public Scope withInitScope() {
      return with(inner.withInitScope());
    }

    @Override
    public String makeOpName(String defaultName) {
      check(defaultName);
      return qualify(makeUnique(opName != null ? opName : defaultName));
    }

    @Override
    public String makeUnique(String id) {
      Integer used = ids.get(id);
      ids.put(id, used == null ? 1 : used + 1);
      return used == null ? id : id + "_" + Integer.toString(used);
    }

    @Override
    public void refreshNames() {
      importNames();
    }

    @Override
    public Scope withControlDependencyOps(Iterable<Operation> controls) {
      // a shared node made earlier would lack these dependencies: none is shared under them
      return new AsciiNamedScope(inner.withControlDependencyOps(controls), prefix, opName, ids, null);
    }

    @Override
    public OperationBuilder apply(OperationBuilder builder) {
      return inner.apply(builder);
    }

    @Override
    public String getDeviceString() {
      return inner.getDeviceString();
    }

    @Override
    public boolean isInit() {
      return inner.isInit();
    }

    private String qualify(String name) {
      return prefix == null ? name : prefix + "/" + name;
    }

    private static void check(String name) {
      if (!isValidName(name)) {
        throw new IllegalArgumentException("invalid name: '" + name + "'");
      }
    }
  }

  /**
   * TF's node name rule, as TF-Java checks scope and op names ({@code [A-Za-z0-9.][A-Za-z0-9_.\-]*}), by hand: a
   * regex match for every op was a few ms of a cold start.
   */
  static boolean isValidName(String name) {
    if (name == null || name.isEmpty()) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean valid = c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.'
          || i > 0 && (c == '_' || c == '-');
      if (!valid) {
        return false;
      }
    }
    return true;
  }
}
