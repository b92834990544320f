"""Every kind of attachment the code creates has a registered owner (huimin.files.owners).

A file's download right is the right to see the object it belongs to, asked of that object's context. The files
app learns who that is from the owners the other apps register in their AppConfig.ready(); a file whose purpose
has no owner falls back to its uploader and its organization's members. So a new kind of attachment written
without registering its owner would silently be refused to everyone else (or, worse, judged by the wrong rule):
this test reads the code, finds every purpose passed to `attachment_create` and `attachment_claim`, and fails on
one that no registered owner answers for.

Purposes are resolved from the source: string literals, f-strings (their placeholders stand for any text),
constants (imported or not), local variables, parameters (followed to every caller in the module) and small
helper functions (their return expression). A purpose that cannot be told from the code fails the test too: name
it with a constant.
"""

from __future__ import annotations

import ast
import itertools
from dataclasses import dataclass, field
from pathlib import Path

import pytest

import huimin
from huimin.files.owners import owner_of, owners

ROOT = Path(huimin.__file__).parent
CREATORS = ("attachment_create", "attachment_claim")
# The generic upload transport stores the purpose its caller sends: such files have no owner until the context
# they are attached to claims them (attachment_claim), and meanwhile follow the uploader-and-members rule.
GENERIC_UPLOADS = ("files/views.py", "files/api.py")
ANY = "x"  # what an f-string placeholder stands for


class Unresolvable(Exception):
    pass


@dataclass
class Module:
    name: str
    path: Path
    tree: ast.Module
    parents: dict[ast.AST, ast.AST] = field(default_factory=dict)
    constants: dict[str, ast.expr] = field(default_factory=dict)
    functions: dict[str, ast.FunctionDef] = field(default_factory=dict)
    imports: dict[str, tuple[str, str | None]] = field(default_factory=dict)  # alias → (module, attribute)


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _load() -> dict[str, Module]:
    modules: dict[str, Module] = {}
    for path in sorted(ROOT.rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        if "/tests/" in f"/{rel}" or "/migrations/" in f"/{rel}":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        module = Module(name=_module_name(path), path=path, tree=tree)
        package = module.name if path.name == "__init__.py" else module.name.rpartition(".")[0]
        for node in ast.walk(tree):
            for child in ast.iter_child_nodes(node):
                module.parents[child] = node
        for node in tree.body:
            if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
                module.constants[node.targets[0].id] = node.value
            elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None:
                module.constants[node.target.id] = node.value
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef):
                module.functions.setdefault(node.name, node)
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                    base = ".".join([*anchor, *([node.module] if node.module else [])])
                for alias in node.names:
                    module.imports[alias.asname or alias.name] = (base, alias.name)
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    module.imports[alias.asname or alias.name.split(".")[0]] = (
                        alias.name if alias.asname else alias.name.split(".")[0],
                        None,
                    )
        modules[module.name] = module
    return modules


MODULES = _load()


@dataclass(frozen=True)
class Found:
    kind: str  # const | func | module
    module: Module | None = None
    node: ast.AST | None = None
    module_name: str = ""


def _lookup(module: Module, name: str, depth: int = 0) -> Found:
    if depth > 10:
        raise Unresolvable(f"{module.name}.{name}: import cycle")
    if name in module.constants:
        return Found("const", module, module.constants[name])
    if name in module.functions:
        return Found("func", module, module.functions[name])
    if name in module.imports:
        source, attribute = module.imports[name]
        if attribute is None:
            return Found("module", module_name=source)
        if f"{source}.{attribute}" in MODULES:
            return Found("module", module_name=f"{source}.{attribute}")
        if source in MODULES:
            return _lookup(MODULES[source], attribute, depth + 1)
    raise Unresolvable(f"{module.name}: cannot find {name!r}")


def _enclosing_function(module: Module, node: ast.AST) -> ast.FunctionDef | None:
    current = module.parents.get(node)
    while current is not None and not isinstance(current, ast.FunctionDef):
        current = module.parents.get(current)
    return current


def _parameter_names(function: ast.FunctionDef) -> list[str]:
    args = function.args
    return [a.arg for a in (*args.posonlyargs, *args.args, *args.kwonlyargs)]


def _argument(call: ast.Call, function: ast.FunctionDef, name: str) -> ast.expr | None:
    for keyword in call.keywords:
        if keyword.arg == name:
            return keyword.value
    positional = [a.arg for a in (*function.args.posonlyargs, *function.args.args)]
    if name in positional and positional.index(name) < len(call.args):
        return call.args[positional.index(name)]
    return None


def _callee_name(call: ast.Call) -> str:
    func = call.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def resolve(module: Module, node: ast.expr, *, opaque: frozenset[str] = frozenset(), depth: int = 0) -> set[str]:
    """The purposes `node` may be (placeholders of f-strings as ANY). `opaque` names stand for any text."""
    if depth > 12:
        raise Unresolvable(f"{module.name}:{node.lineno}: too deep")
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value}
    if isinstance(node, ast.JoinedStr):
        pieces: list[set[str]] = []
        for value in node.values:
            if isinstance(value, ast.Constant):
                pieces.append({str(value.value)})
            else:
                assert isinstance(value, ast.FormattedValue)
                try:
                    pieces.append(resolve(module, value.value, opaque=opaque, depth=depth + 1))
                except Unresolvable:
                    pieces.append({ANY})
        return {"".join(combo) for combo in itertools.product(*pieces)}
    if isinstance(node, ast.Name):
        if node.id in opaque:
            return {ANY}
        function = _enclosing_function(module, node)
        if function is not None:
            assigned = [
                n.value
                for n in ast.walk(function)
                if isinstance(n, ast.Assign)
                and any(isinstance(t, ast.Name) and t.id == node.id for t in n.targets)
                and n.lineno < node.lineno
            ]
            if assigned:
                return resolve(module, assigned[-1], opaque=opaque, depth=depth + 1)
            if node.id in _parameter_names(function):
                return _from_callers(module, function, node.id, depth)
        found = _lookup(module, node.id)
        if found.kind == "const" and found.module is not None and isinstance(found.node, ast.expr):
            return resolve(found.module, found.node, depth=depth + 1)
        raise Unresolvable(f"{module.name}:{node.lineno}: {node.id} is not a text")
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
        owner = _lookup(module, node.value.id)
        if owner.kind == "module" and owner.module_name in MODULES:
            found = _lookup(MODULES[owner.module_name], node.attr)
            if found.kind == "const" and found.module is not None and isinstance(found.node, ast.expr):
                return resolve(found.module, found.node, depth=depth + 1)
        raise Unresolvable(f"{module.name}:{node.lineno}: {ast.unparse(node)}")
    if isinstance(node, ast.Subscript):  # purpose[:64] and the like
        return resolve(module, node.value, opaque=opaque, depth=depth + 1)
    if isinstance(node, ast.Call):
        callee: Found | None = None
        if isinstance(node.func, ast.Name):
            callee = _lookup(module, node.func.id)
        elif isinstance(node.func, ast.Attribute) and isinstance(node.func.value, ast.Name):
            holder = _lookup(module, node.func.value.id)
            if holder.kind == "module" and holder.module_name in MODULES:
                callee = _lookup(MODULES[holder.module_name], node.func.attr)
        if callee is not None and callee.kind == "func" and isinstance(callee.node, ast.FunctionDef):
            returns = [n.value for n in ast.walk(callee.node) if isinstance(n, ast.Return) and n.value is not None]
            if returns and callee.module is not None:
                params = frozenset(_parameter_names(callee.node))
                out: set[str] = set()
                for value in returns:
                    out |= resolve(callee.module, value, opaque=params, depth=depth + 1)
                return out
    raise Unresolvable(f"{module.name}:{getattr(node, 'lineno', '?')}: {ast.unparse(node)}")


def _from_callers(module: Module, function: ast.FunctionDef, parameter: str, depth: int) -> set[str]:
    calls = [n for n in ast.walk(module.tree) if isinstance(n, ast.Call) and _callee_name(n) == function.name]
    if not calls:
        raise Unresolvable(f"{module.name}: {function.name}() is never called here; {parameter} cannot be told")
    out: set[str] = set()
    for call in calls:
        argument = _argument(call, function, parameter)
        if argument is None:
            raise Unresolvable(f"{module.name}:{call.lineno}: {function.name}() without {parameter}")
        out |= resolve(module, argument, depth=depth + 1)
    return out


def purposes_in_code() -> dict[str, set[str]]:
    """{purpose: {"module:line", …}} for every attachment_create / attachment_claim call outside the generic
    upload transport and the tests."""
    found: dict[str, set[str]] = {}
    for module in MODULES.values():
        rel = module.path.relative_to(ROOT).as_posix()
        if rel in GENERIC_UPLOADS:
            continue
        for node in ast.walk(module.tree):
            if not (isinstance(node, ast.Call) and _callee_name(node) in CREATORS):
                continue
            purpose = next((k.value for k in node.keywords if k.arg == "purpose"), None)
            if purpose is None:
                raise Unresolvable(f"{module.name}:{node.lineno}: {_callee_name(node)}() without purpose=")
            for value in resolve(module, purpose):
                found.setdefault(value, set()).add(f"{module.name}:{node.lineno}")
    return found


def test_the_scan_finds_the_attachments_of_every_context():
    purposes = purposes_in_code()
    assert {"call_document", "need-photo", "credit_repair", "proposal:x", "profile:x"} <= set(purposes), purposes


def test_every_purpose_used_in_the_code_has_a_registered_owner():
    purposes = purposes_in_code()
    orphans = {purpose: sorted(where) for purpose, where in purposes.items() if owner_of(purpose) is None}
    assert not orphans, (
        "Attachments created with these purposes have no owner: register one with "
        f"huimin.files.owners.register_owner in the app's AppConfig.ready(): {orphans}"
    )


def test_every_registered_owner_is_used_by_the_code():
    purposes = purposes_in_code()
    unused = [o.key for o in owners() if not any(o.matches(p) for p in purposes)]
    assert not unused, f"Owners registered for purposes the code never uses: {unused}"


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ('attachment_create(purpose="call_document")', {"call_document"}),
        ('attachment_create(purpose=f"proposal:{code}")', {"proposal:x"}),
        ('P = "need-photo"\ndef f():\n    attachment_create(purpose=P)', {"need-photo"}),
        ('def up(p):\n    attachment_create(purpose=p)\nup("a")\nup(p="b")', {"a", "b"}),
    ],
)
def test_the_scan_resolves_literals_f_strings_constants_and_parameters(tmp_path, source, expected):
    tree = ast.parse(source)
    module = Module(name="huimin.scan_example", path=ROOT / "scan_example.py", tree=tree)
    for node in ast.walk(tree):
        for child in ast.iter_child_nodes(node):
            module.parents[child] = node
    for node in tree.body:
        if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
            module.constants[node.targets[0].id] = node.value
    module.functions = {n.name: n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)}
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and _callee_name(n) == "attachment_create"]
    purposes: set[str] = set()
    for call in calls:
        purposes |= resolve(module, next(k.value for k in call.keywords if k.arg == "purpose"))
    assert purposes == expected


def test_a_purpose_the_code_cannot_tell_fails_the_scan():
    tree = ast.parse("def f(request):\n    attachment_create(purpose=request.POST['p'])")
    module = Module(name="huimin.scan_example", path=ROOT / "scan_example.py", tree=tree)
    for node in ast.walk(tree):
        for child in ast.iter_child_nodes(node):
            module.parents[child] = node
    call = next(n for n in ast.walk(tree) if isinstance(n, ast.Call) and _callee_name(n) == "attachment_create")
    with pytest.raises(Unresolvable):
        resolve(module, call.keywords[0].value)
