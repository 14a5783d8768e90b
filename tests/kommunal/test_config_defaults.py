"""Each default is written once, in the plugin's config_declaration.yaml:
no code reads a declared setting with a fallback of its own (which would
contradict the declaration the day one of them changes)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
DECLARATIONS = sorted((ROOT / "ckanext").glob("*/config_declaration.yaml"))
MODULES = sorted((ROOT / "ckanext").rglob("*.py"))


def _declared_keys() -> set[str]:
    keys = set()
    for path in DECLARATIONS:
        for group in yaml.safe_load(path.read_text(encoding="utf-8"))["groups"]:
            keys |= {option["key"] for option in group["options"]}
    return keys


KEYS = _declared_keys()


def _constants(tree: ast.Module) -> dict[str, str]:
    """Module-level string constants (``_PREFIX = "ckanext.x."``)."""
    found = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant):
            for target in node.targets:
                if isinstance(target, ast.Name) and isinstance(node.value.value, str):
                    found[target.id] = node.value.value
    return found


def _key(node: ast.expr, constants: dict[str, str]) -> str | None:
    """The setting a key expression names, where it can be told statically."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.Name):
        return constants.get(node.id)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _key(node.left, constants), _key(node.right, constants)
        return left + right if left is not None and right is not None else None
    return None


def _fallbacks(path: Path) -> list[str]:
    """``….get(<declared key>, <fallback>)`` calls in one module."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    constants = _constants(tree)
    found = []
    for node in ast.walk(tree):
        if not (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "get"
            and node.args
        ):
            continue
        key = _key(node.args[0], constants)
        has_fallback = len(node.args) > 1 or any(
            k.arg == "default" for k in node.keywords
        )
        if key in KEYS and has_fallback:
            found.append(f"{path.relative_to(ROOT)}:{node.lineno} {key}")
    return found


def test_the_declarations_are_read() -> None:
    assert len(DECLARATIONS) >= 6
    assert "ckanext.outbound.allow" in KEYS


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_declared_setting_is_read_with_a_fallback(path: Path) -> None:
    assert _fallbacks(path) == []


def test_a_fallback_would_be_found(tmp_path: Path) -> None:
    module = tmp_path / "example.py"
    module.write_text(
        '_PREFIX = "ckanext.outbound."\n'
        'a = tk.config.get(_PREFIX + "allow", [])\n'
        'b = config.get("ckanext.outbound.allow", default=None)\n'
        'c = tk.config.get("ckanext.outbound.allow")\n'
    )
    original = ROOT
    try:
        globals()["ROOT"] = tmp_path
        assert [f.split(" ")[0] for f in _fallbacks(module)] == [
            "example.py:2",
            "example.py:3",
        ]
    finally:
        globals()["ROOT"] = original
