"""One service shape and one way to name an audit event, read from the code (ARCHITECTURE.md rule 1).

Every public function defined at the top of a services module (`huimin/<app>/services.py` or any module of
`huimin/<app>/services/`) is a service: `<entity>_<action>(*, …, actor, now=None)`, every parameter keyword-only,
`actor` always (a scheduled job takes the platform's actor), and `now` — where the service reads the clock — a
keyword defaulting to None. Helpers that act for nobody are private (`_name`) or live in another module of the app
(`rules.py`, `permissions.py`, …).

Every `audit_record(…)` of the product names its `event_type` by a member of an app's event enum
(`huimin/<app>/events.py`, `class <App>Event(StrEnum)`), never by a string written at the call. The code is parsed,
not imported, and every problem is named with its file and line.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
HUIMIN = ROOT / "huimin"

# Apps whose services and event types are converted later. This set may only shrink: the test fails when it names
# an app that already conforms, so an app leaves it the day it is converted.
NOT_YET_CONVERTED: set[str] = set()

# "<path under huimin/>:<function>" → why that public function of a services module takes no actor. Keep it short
# (ideally empty): a function that acts for nobody belongs in another module.
EXEMPT: dict[str, str] = {}

# Functions that build an event type for a whole family of events, which no enum can list, with the reason.
EVENT_FAMILIES: dict[str, str] = {
    "admin_event": "the back office's admin.<model>.<created|changed|deleted>, one family per model it edits",
}

SERVICE_NAME = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)+$")


def _apps() -> list[str]:
    return sorted(
        p.name for p in HUIMIN.iterdir() if p.is_dir() and (p / "__init__.py").exists() and (p / "apps.py").exists()
    )


def _services_modules(app: str) -> list[Path]:
    base = HUIMIN / app
    found = [base / "services.py"] if (base / "services.py").exists() else []
    if (base / "services").is_dir():
        found += sorted((base / "services").rglob("*.py"))
    return found


def _where(path: Path, node: ast.AST) -> str:
    return f"{path.relative_to(ROOT)}:{getattr(node, 'lineno', '?')}"


# --- the shape of a service ------------------------------------------------------------------------------------------


def shape_problems(source: str, path: Path) -> list[str]:
    """What is wrong with the public top-level functions of one services module."""
    problems = []
    for node in ast.parse(source).body:
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) or node.name.startswith("_"):
            continue
        args = node.args
        where = f"{_where(path, node)} {node.name}()"
        positional = [a.arg for a in (*args.posonlyargs, *args.args)]
        if positional or args.vararg is not None:
            names = positional + ([f"*{args.vararg.arg}"] if args.vararg else [])
            problems.append(f"{where}: positional parameters {', '.join(names)}; make them keyword-only (*, …)")
        keywords = {a.arg: default for a, default in zip(args.kwonlyargs, args.kw_defaults, strict=True)}
        key = f"{path.relative_to(HUIMIN)}:{node.name}"
        if "actor" not in keywords and "actor" not in positional and key not in EXEMPT:
            problems.append(f"{where}: no `actor` parameter; a service acts for someone (or the platform)")
        if not SERVICE_NAME.match(node.name):
            problems.append(f"{where}: the name is not <entity>_<action> in lower case")
        if "now" in positional or ("now" in keywords and not _is_none(keywords["now"])):
            problems.append(f"{where}: `now` must be keyword-only with the default None")
    return problems


def _is_none(node: ast.expr | None) -> bool:
    return isinstance(node, ast.Constant) and node.value is None


def _app_shape_problems(app: str) -> list[str]:
    problems = []
    for path in _services_modules(app):
        problems += shape_problems(path.read_text(encoding="utf-8"), path)
    return problems


def test_every_service_is_keyword_only_with_an_actor_and_a_clock_that_can_be_moved():
    problems = [p for app in _apps() if app not in NOT_YET_CONVERTED for p in _app_shape_problems(app)]
    assert not problems, "Services not of the shape <entity>_<action>(*, …, actor, now=None):\n" + "\n".join(problems)


def test_the_apps_not_yet_converted_are_only_those_that_do_not_conform():
    conforming = [
        app
        for app in sorted(NOT_YET_CONVERTED)
        if (HUIMIN / app).is_dir() and not _app_shape_problems(app) and not _app_event_problems(app)
    ]
    assert not conforming, f"Remove {', '.join(conforming)} from NOT_YET_CONVERTED: they conform now."


def test_every_exemption_names_a_service_that_exists_and_needs_it():
    stale = []
    for key in EXEMPT:
        module, _sep, name = key.partition(":")
        path = HUIMIN / module
        tree = ast.parse(path.read_text(encoding="utf-8")) if path.exists() else ast.Module(body=[], type_ignores=[])
        found = [n for n in tree.body if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef) and n.name == name]
        if not found or any(a.arg == "actor" for a in found[0].args.kwonlyargs):
            stale.append(key)
    assert not stale, f"EXEMPT names functions that are gone or take an actor now: {stale}"


# --- event types -----------------------------------------------------------------------------------------------------


def _event_builders() -> set[str]:
    """Functions of the apps' events modules that return an event enum member (e.g. a record kind's event)."""
    builders = set()
    for path in HUIMIN.glob("*/events.py"):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.FunctionDef) and node.returns is not None:
                returned = ast.unparse(node.returns).strip("'\"")
                if returned.endswith("Event"):
                    builders.add(node.name)
    return builders


def _annotated_as_event(annotation: ast.expr | None) -> bool:
    return annotation is not None and any(
        part.endswith("Event") for part in re.split(r"[^\w]+", ast.unparse(annotation)) if part
    )


def _is_event_member(node: ast.expr, function: ast.FunctionDef | ast.AsyncFunctionDef | None, builders: set[str]):
    if isinstance(node, ast.Attribute):
        return isinstance(node.value, ast.Name) and node.value.id.endswith("Event") and node.attr.isupper()
    if isinstance(node, ast.IfExp):
        return _is_event_member(node.body, function, builders) and _is_event_member(node.orelse, function, builders)
    if isinstance(node, ast.Call):
        name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
        return name in builders or name in EVENT_FAMILIES
    if isinstance(node, ast.Name) and function is not None:
        args = function.args
        params = {a.arg: a.annotation for a in (*args.posonlyargs, *args.args, *args.kwonlyargs)}
        if node.id in params:
            return _annotated_as_event(params[node.id])
        return any(
            isinstance(n, ast.AnnAssign)
            and isinstance(n.target, ast.Name)
            and n.target.id == node.id
            and _annotated_as_event(n.annotation)
            for n in ast.walk(function)
        )
    return False


def _audit_calls(tree: ast.AST) -> Iterator[tuple[ast.Call, ast.FunctionDef | ast.AsyncFunctionDef | None]]:
    def visit(node: ast.AST, function):
        for child in ast.iter_child_nodes(node):
            inner = child if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef) else function
            if isinstance(child, ast.Call):
                callee = child.func.id if isinstance(child.func, ast.Name) else getattr(child.func, "attr", "")
                if callee == "audit_record":
                    yield child, function
            yield from visit(child, inner)

    yield from visit(tree, None)


def event_type_problems(source: str, path: Path, builders: set[str]) -> list[str]:
    problems = []
    for call, function in _audit_calls(ast.parse(source)):
        given = next((k.value for k in call.keywords if k.arg == "event_type"), None)
        if given is None:
            problems.append(f"{_where(path, call)}: audit_record without event_type=")
        elif not _is_event_member(given, function, builders):
            problems.append(
                f"{_where(path, call)}: event_type={ast.unparse(given)} is not a member of an app's event enum"
            )
    return problems


def _product_modules(app: str) -> list[Path]:
    return [
        p
        for p in sorted((HUIMIN / app).rglob("*.py"))
        if "tests" not in p.relative_to(HUIMIN).parts and "migrations" not in p.relative_to(HUIMIN).parts
    ]


def _app_event_problems(app: str) -> list[str]:
    builders = _event_builders()
    problems = []
    for path in _product_modules(app):
        problems += event_type_problems(path.read_text(encoding="utf-8"), path, builders)
    return problems


def test_every_audit_event_is_named_by_a_member_of_an_event_enum():
    problems = [p for app in _apps() if app not in NOT_YET_CONVERTED for p in _app_event_problems(app)]
    assert not problems, "Audit events named by a string instead of an event enum member:\n" + "\n".join(problems)


# --- the checks themselves -------------------------------------------------------------------------------------------

HERE = HUIMIN / "example" / "services.py"


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("def need_submit(*, need, actor, now=None): ...", []),
        ("def _helper(a, b): ...", []),
        ("def need_submit(need, *, actor): ...", ["positional parameters need"]),
        ("def need_submit(*args, actor): ...", ["positional parameters *args"]),
        ("def need_submit(*, need): ...", ["no `actor` parameter"]),
        ("def submit(*, actor): ...", ["not <entity>_<action>"]),
        ("def Need_Submit(*, actor): ...", ["not <entity>_<action>"]),
        ("def need_submit(*, actor, now): ...", ["`now` must be keyword-only"]),
        ("def need_submit(*, actor, now=1): ...", ["`now` must be keyword-only"]),
        ("def need_submit(now=None, *, actor): ...", ["positional parameters now", "`now` must be keyword-only"]),
    ],
)
def test_the_shape_check_finds_each_kind_of_problem(source, expected):
    found = shape_problems(source, HERE)
    assert len(found) == len(expected)
    for problem, fragment in zip(found, expected, strict=True):
        assert fragment in problem and problem.startswith("huimin/example/services.py:1 ")


@pytest.mark.parametrize(
    ("source", "ok"),
    [
        ("audit_record(actor=a, event_type=NeedsEvent.NEED_SUBMITTED)", True),
        ("audit_record(actor=a, event_type=NeedsEvent.A if x else NeedsEvent.B)", True),
        ("audit_record(actor=a, event_type=record_event(kind, 'created'))", True),
        ("audit_record(actor=a, event_type=admin_event(obj, AdminAction.CHANGED))", True),
        ("def f(event: FilesEvent):\n    audit_record(actor=a, event_type=event)", True),
        ("def f():\n    event: NeedsEvent = pick()\n    audit_record(actor=a, event_type=event)", True),
        ("audit_record(actor=a, event_type='need.submitted')", False),
        ("audit_record(actor=a, event_type=f'need.{status}')", False),
        ("audit_record(actor=a, event_type=NeedsEvent.A if x else 'need.b')", False),
        ("def f(event: str):\n    audit_record(actor=a, event_type=event)", False),
        ("audit_record(actor=a, event_type=EVENTS[status])", False),
        ("audit_record(actor=a)", False),
        ("services.audit_record(actor=a, event_type='x.created')", False),
    ],
)
def test_the_event_type_check_accepts_enum_members_only(source, ok):
    assert (event_type_problems(source, HERE, {"record_event"}) == []) is ok
