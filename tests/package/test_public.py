"""The package's public face: every exported name resolves, and the docstring names only modules that exist."""
from __future__ import annotations

import importlib
import re

import pytest

import analysis


@pytest.mark.parametrize("name", analysis.__all__)
def test_every_exported_name_resolves(name: str) -> None:
    assert getattr(analysis, name) is not None


def test_the_docstring_matches_the_tree() -> None:
    named = set(re.findall(r":mod:`(analysis(?:\.\w+)*)`", analysis.__doc__ or ""))
    assert {"analysis.pipeline", "analysis.stance", "analysis.frames", "analysis.models"} <= named
    for module in named:
        importlib.import_module(module)


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        analysis.__getattr__("nothing")
