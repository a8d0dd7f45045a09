"""Static audit: every SQL string passed to execute() is built only from constants, placeholders and fixed names.

The SQL argument of each call to a SQL sink (execute, executemany, _execute, _all, _one, _sql …) is traced
back through f-strings, concatenation, `%`/`.format`, `str.join`, local assignments and `.append`, comprehension
variables, conditional expressions, class attributes, module constants and (for a function parameter) the
arguments at every call site. A value is safe when it ends in string constants, in placeholder lists repeated
by a count (`["?"] * len(ids)`), or in a lookup in a constant table. Anything else is reported with its source.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

SINKS = frozenset({"execute", "executemany", "executescript", "copy", "_execute", "_executemany", "_all", "_one", "_sql"})
# Methods that return their receiver or argument with only constants changed.
PASSTHROUGH = frozenset({"replace", "strip", "lower", "upper", "format", "split", "splitlines", "items", "keys", "values"})


@dataclass(frozen=True, slots=True)
class Finding:
    file: str
    function: str
    line: int
    source: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line} in {self.function}: {self.source}"


@dataclass(frozen=True, slots=True)
class _Scope:
    module: _Module
    function: ast.FunctionDef | ast.AsyncFunctionDef | None
    classdef: ast.ClassDef | None


@dataclass
class _Module:
    path: str
    tree: ast.Module


class Auditor:
    """Trace SQL arguments across a set of modules (call sites of one module's functions may be in another)."""

    def __init__(self, files: list[Path], root: Path) -> None:
        self.modules = [_Module(str(f.relative_to(root)), ast.parse(f.read_text(encoding="utf-8"))) for f in files]
        self._busy: set[tuple[int, str]] = set()
        self._nodes = {id(m): list(self._walk(m)) for m in self.modules}

    # ---- entry point ----

    def findings(self) -> list[Finding]:
        out: list[Finding] = []
        for module in self.modules:
            for scope, call in self._sink_calls(module):
                if not call.args or _forwards_parameter(scope, call.args[0]):
                    continue
                for bad in self._unsafe(call.args[0], scope):
                    name = scope.function.name if scope.function else "<module>"
                    out.append(Finding(module.path, name, bad.lineno, ast.unparse(bad)))
        return sorted(set(out), key=lambda f: (f.file, f.line, f.source))

    def sink_count(self) -> int:
        return sum(1 for m in self.modules for _ in self._sink_calls(m))

    def _sink_calls(self, module: _Module) -> Iterator[tuple[_Scope, ast.Call]]:
        for scope, node in self._nodes[id(module)]:
            if isinstance(node, ast.Call) and _called_name(node) in SINKS:
                yield scope, node

    def _walk(self, module: _Module) -> Iterator[tuple[_Scope, ast.AST]]:
        def visit(node: ast.AST, scope: _Scope) -> Iterator[tuple[_Scope, ast.AST]]:
            for child in ast.iter_child_nodes(node):
                if isinstance(child, ast.ClassDef):
                    yield from visit(child, _Scope(module, None, child))
                elif isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    yield from visit(child, _Scope(module, child, scope.classdef))
                else:
                    yield scope, child
                    yield from visit(child, scope)

        yield from visit(module.tree, _Scope(module, None, None))

    # ---- the safety judgement: returns the sub-expressions that could not be shown safe ----

    def _unsafe(self, node: ast.AST, scope: _Scope) -> list[ast.AST]:
        if isinstance(node, ast.Constant):
            return []
        if isinstance(node, ast.JoinedStr):
            return [b for v in node.values for b in self._unsafe(v, scope)]
        if isinstance(node, ast.FormattedValue):
            return self._unsafe(node.value, scope)
        if isinstance(node, ast.BinOp):
            if isinstance(node.op, ast.Mult):  # ["?"] * n, "?, " * n: the count does not reach the SQL text
                for text, count in ((node.left, node.right), (node.right, node.left)):
                    if _is_count(count):
                        return self._unsafe(text, scope)
                return self._unsafe(node.left, scope) + self._unsafe(node.right, scope)
            return self._unsafe(node.left, scope) + self._unsafe(node.right, scope)
        if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
            return [b for e in node.elts for b in self._unsafe(e, scope)]
        if isinstance(node, ast.IfExp):
            return self._unsafe(node.body, scope) + self._unsafe(node.orelse, scope)
        if isinstance(node, ast.BoolOp):
            return [b for v in node.values for b in self._unsafe(v, scope)]
        if isinstance(node, ast.Starred):
            return self._unsafe(node.value, scope)
        if isinstance(node, (ast.ListComp, ast.GeneratorExp, ast.SetComp)):
            return self._comprehension(node, scope)
        if (isinstance(node, ast.Subscript) and isinstance(node.value, ast.Call)
                and isinstance(node.slice, ast.Constant) and isinstance(node.slice.value, int)):  # fmt: skip
            return self._call(node.value, scope, element=node.slice.value)
        if isinstance(node, ast.Subscript):
            # A lookup in a constant table (or a slice of a safe value) yields one of its safe values.
            return self._unsafe(node.value, scope)
        if isinstance(node, ast.Dict):
            return [b for v in (*node.keys, *node.values) if v is not None for b in self._unsafe(v, scope)]
        if isinstance(node, ast.Call):
            return self._call(node, scope)
        if isinstance(node, ast.Name):
            return self._name(node, scope)
        if isinstance(node, ast.Attribute):
            return self._attribute(node, scope)
        return [node]

    def _comprehension(self, node: ast.ListComp | ast.GeneratorExp | ast.SetComp, scope: _Scope) -> list[ast.AST]:
        unsafe_targets: set[str] = set()
        for gen in node.generators:
            if self._unsafe(gen.iter, scope):
                unsafe_targets |= {n.id for n in ast.walk(gen.target) if isinstance(n, ast.Name)}
        used = {n.id for n in ast.walk(node.elt) if isinstance(n, ast.Name)}
        if used & unsafe_targets:
            return [node]
        bound = {n.id for gen in node.generators for n in ast.walk(gen.target) if isinstance(n, ast.Name)}
        return [b for b in self._unsafe_ignoring(node.elt, scope, bound)]

    def _unsafe_ignoring(self, node: ast.AST, scope: _Scope, bound: set[str]) -> list[ast.AST]:
        if isinstance(node, ast.Name) and node.id in bound:
            return []
        if isinstance(node, (ast.JoinedStr, ast.FormattedValue, ast.BinOp, ast.Tuple, ast.List, ast.IfExp)):
            return [b for child in ast.iter_child_nodes(node) if isinstance(child, ast.expr)
                    for b in self._unsafe_ignoring(child, scope, bound)]  # fmt: skip
        return self._unsafe(node, scope)

    def _call(self, node: ast.Call, scope: _Scope, element: int | None = None) -> list[ast.AST]:
        name = _called_name(node)
        func = node.func
        if name == "join" and isinstance(func, ast.Attribute):
            return self._unsafe(func.value, scope) + [b for a in node.args for b in self._unsafe(a, scope)]
        if name in PASSTHROUGH and isinstance(func, ast.Attribute):
            return self._unsafe(func.value, scope) + [b for a in node.args for b in self._unsafe(a, scope)] + [
                b for k in node.keywords for b in self._unsafe(k.value, scope)
            ]
        if name == "_sql" and node.args:
            return self._unsafe(node.args[0], scope)
        if name in ("str", "int", "len") and isinstance(func, ast.Name):
            # str(int) or len(): numbers only when the argument is a count; str() of anything else is text
            return [] if name in ("int", "len") else self._unsafe(node.args[0], scope) if node.args else []
        # A helper defined in the audited code: safe when all its return values are.
        helper = self._function(name) if name else None
        if helper is not None:
            key = (id(helper), f"<return {element}>")
            if key in self._busy:
                return []
            self._busy.add(key)
            try:
                inner = _Scope(self._module_of(helper), helper, None)
                returns = [r.value for r in ast.walk(helper) if isinstance(r, ast.Return) and r.value is not None]
                if element is not None:  # one item of the tuple it returns (`where, params = self._filters(…)`)
                    returns = [r.elts[element] if isinstance(r, ast.Tuple) and element < len(r.elts) else r
                               for r in returns]  # fmt: skip
                bad = [b for r in returns for b in self._unsafe(r, inner)]
            finally:
                self._busy.discard(key)
            return [node] if bad else []
        return [node]

    def _name(self, node: ast.Name, scope: _Scope) -> list[ast.AST]:
        fn = scope.function
        if fn is not None:
            params = [a.arg for a in (*fn.args.posonlyargs, *fn.args.args, *fn.args.kwonlyargs)]
            if node.id in params:
                return self._parameter(fn, node, params.index(node.id) if node.id in params else -1)
            sources = list(_local_sources(fn, node.id))
            if sources:
                key = (id(fn), node.id)
                if key in self._busy:
                    return []
                self._busy.add(key)
                try:
                    bad = [b for s in sources for b in self._unsafe(s, scope)]
                finally:
                    self._busy.discard(key)
                return [node] if bad else []
        for module in sorted(self.modules, key=lambda m: m is not scope.module):  # own module first, then imports
            value = _module_constant(module.tree, node.id)
            if value is not None:
                return [node] if self._unsafe(value, _Scope(module, None, None)) else []
        return [node]

    def _parameter(self, fn: ast.FunctionDef | ast.AsyncFunctionDef, node: ast.Name, index: int) -> list[ast.AST]:
        """A parameter is safe when every call site in the audited code passes a safe value for it."""
        key = (id(fn), "param:" + node.id)
        if key in self._busy:
            return []
        default = _default_of(fn, node.id)
        calls = list(self._calls_to(fn.name))
        if not calls:
            return [node]
        self._busy.add(key)
        try:
            is_method = bool(fn.args.args) and fn.args.args[0].arg in ("self", "cls")
            position = index - (1 if is_method else 0)
            for scope, call in calls:
                given = next((k.value for k in call.keywords if k.arg == node.id), None)
                if given is None and 0 <= position < len(call.args):
                    given = call.args[position]
                if given is None:
                    if any(isinstance(a, ast.Starred) for a in call.args) or any(k.arg is None for k in call.keywords):
                        return [node]
                    given = default
                if given is not None and self._unsafe(given, scope):
                    return [node]
        finally:
            self._busy.discard(key)
        return []

    def _attribute(self, node: ast.Attribute, scope: _Scope) -> list[ast.AST]:
        if isinstance(node.value, ast.Name) and node.value.id in ("self", "cls"):
            values = list(self._class_attributes(node.attr))
            if values and not [b for v, s in values for b in self._unsafe(v, s)]:
                return []
        return [node]

    # ---- lookups across the audited modules ----

    def _function(self, name: str) -> ast.FunctionDef | ast.AsyncFunctionDef | None:
        found = [n for m in self.modules for n in ast.walk(m.tree)
                 if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and n.name == name]  # fmt: skip
        return found[0] if len(found) == 1 else None

    def _module_of(self, node: ast.AST) -> _Module:
        return next(m for m in self.modules if any(n is node for n in ast.walk(m.tree)))

    def _calls_to(self, name: str) -> Iterator[tuple[_Scope, ast.Call]]:
        for module in self.modules:
            for scope, node in self._nodes[id(module)]:
                if isinstance(node, ast.Call) and _called_name(node) == name:
                    yield scope, node

    def _class_attributes(self, attr: str) -> Iterator[tuple[ast.expr, _Scope]]:
        """Values assigned to `attr` in any audited class body (a class attribute such as `placeholder`)."""
        for module in self.modules:
            for cls in (n for n in ast.walk(module.tree) if isinstance(n, ast.ClassDef)):
                for stmt in cls.body:
                    if isinstance(stmt, ast.Assign) and any(isinstance(t, ast.Name) and t.id == attr for t in stmt.targets):
                        yield stmt.value, _Scope(module, None, cls)
                    elif isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name) and stmt.target.id == attr:
                        if stmt.value is not None:
                            yield stmt.value, _Scope(module, None, cls)


def _forwards_parameter(scope: _Scope, arg: ast.expr) -> bool:
    """A sink wrapper (`_all(self, sql, …)`) handing its own parameter on: its callers are audited as sinks."""
    fn = scope.function
    return (fn is not None and fn.name in SINKS and isinstance(arg, ast.Name)
            and arg.id in [a.arg for a in fn.args.args])  # fmt: skip


def _is_count(node: ast.expr) -> bool:
    """An int literal or len(...): a repetition count, never text."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, int)
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "len"


def _called_name(call: ast.Call) -> str | None:
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    if isinstance(call.func, ast.Name):
        return call.func.id
    return None


def _local_sources(fn: ast.FunctionDef | ast.AsyncFunctionDef, name: str) -> Iterator[ast.expr]:
    """Every value a local name is given in a function: assignments, +=, .append/.extend/.insert, loop targets."""
    for node in ast.walk(fn):
        if isinstance(node, ast.Assign):
            for target in node.targets:
                yield from _bound(target, node.value, name)
        elif isinstance(node, (ast.AnnAssign, ast.AugAssign)) and node.value is not None:
            yield from _bound(node.target, node.value, name)
        elif isinstance(node, (ast.For, ast.comprehension)) and any(
            isinstance(n, ast.Name) and n.id == name for n in ast.walk(node.target)
        ):
            if isinstance(node.target, ast.Tuple) and isinstance(node.iter, (ast.Tuple, ast.List)):
                # for role, name in (("actor", actor), ("target", target)): pair the items up
                for item in node.iter.elts:
                    yield from _bound(node.target, item, name)
            else:
                yield node.iter
        elif isinstance(node, ast.NamedExpr) and node.target.id == name:
            yield node.value
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
              and node.func.attr in ("append", "extend", "insert") and isinstance(node.func.value, ast.Name)
              and node.func.value.id == name):  # fmt: skip
            yield from node.args[-1:]


def _bound(target: ast.expr, value: ast.expr, name: str) -> Iterator[ast.expr]:
    if isinstance(target, ast.Name) and target.id == name:
        yield value
    elif isinstance(target, (ast.Tuple, ast.List)):
        if isinstance(value, (ast.Tuple, ast.List)) and len(value.elts) == len(target.elts):
            for t, v in zip(target.elts, value.elts):
                yield from _bound(t, v, name)
        elif isinstance(value, ast.Call):
            for i, t in enumerate(target.elts):  # unpacking a call's result: item i of what it returns
                yield from _bound(t, ast.Subscript(value=value, slice=ast.Constant(i), ctx=ast.Load()), name)
        elif any(isinstance(n, ast.Name) and n.id == name for n in ast.walk(target)):
            yield value


def _module_constant(tree: ast.Module, name: str) -> ast.expr | None:
    for stmt in tree.body:
        if isinstance(stmt, ast.Assign) and any(isinstance(t, ast.Name) and t.id == name for t in stmt.targets):
            return stmt.value
        if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name) and stmt.target.id == name:
            return stmt.value
    return None


def _default_of(fn: ast.FunctionDef | ast.AsyncFunctionDef, name: str) -> ast.expr | None:
    positional = [*fn.args.posonlyargs, *fn.args.args]
    defaults = dict(zip([a.arg for a in positional][len(positional) - len(fn.args.defaults):], fn.args.defaults))
    defaults.update({a.arg: d for a, d in zip(fn.args.kwonlyargs, fn.args.kw_defaults) if d is not None})
    return defaults.get(name)
