"""PLANS_FILE: the operator's file is read at start, and a broken or missing one stops the start with
its reason instead of failing later, on the first limit or invoice."""

from __future__ import annotations

from pathlib import Path

import pytest

from licensing.plans import DEFAULT_FILE
from settings import from_environment


def test_the_shipped_plans_are_the_default(tmp_path: Path) -> None:
    settings = from_environment("127.0.0.1", 8000, {"SECRET_KEY": "x"}, data_dir=tmp_path)
    assert settings.plans_file is None
    own = tmp_path / "plans.toml"
    own.write_text(DEFAULT_FILE.read_text().replace('price = "29.00"', 'price = "35.00"'))
    chosen = from_environment(
        "127.0.0.1", 8000, {"SECRET_KEY": "x", "PLANS_FILE": str(own)}, data_dir=tmp_path
    )
    assert chosen.plans_file == str(own)


@pytest.mark.parametrize(
    ("text", "says"),
    [
        pytest.param(None, "No such file", id="missing"),
        pytest.param("[trial\n", "Expected", id="not TOML"),
        pytest.param("[trial]\ndays = 30\n", "lacks", id="incomplete"),
    ],
)
def test_a_broken_plans_file_stops_the_start(tmp_path: Path, text: str | None, says: str) -> None:
    path = tmp_path / "plans.toml"
    if text is not None:
        path.write_text(text)
    with pytest.raises(ValueError, match=says):
        from_environment("127.0.0.1", 8000, {"SECRET_KEY": "x", "PLANS_FILE": str(path)}, data_dir=tmp_path)
