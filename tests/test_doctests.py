"""The examples in the package's docstrings run and print what they show (doctest).

Every module of ``autograd_lib`` whose source holds a ``>>>`` example is collected, so an
example added to a docstring is tested without touching this file.
"""

import doctest
import importlib

import pytest

from book import ROOT

PACKAGE = ROOT / "autograd_lib"


def modules_with_examples() -> list[str]:
    paths = sorted(p for p in PACKAGE.rglob("*.py") if ">>> " in p.read_text())
    return [".".join(p.relative_to(ROOT).with_suffix("").parts) for p in paths]


def test_some_docstring_holds_an_example():
    assert modules_with_examples()  # the parametrised test below is not vacuous


@pytest.mark.parametrize("name", modules_with_examples())
def test_docstring_examples_print_what_they_show(name):
    result = doctest.testmod(importlib.import_module(name), verbose=False)
    assert result.attempted > 0
    assert result.failed == 0, f"{result.failed} doctest example(s) in {name} failed (see above)"
