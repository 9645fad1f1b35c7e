"""Output that fits a terminal and a pipeline (issue 7): the table fits 80 and 120 columns in a real pseudo-terminal
and is whole when piped; csv, tsv, markdown, SPARQL JSON and typed records are complete."""
from __future__ import annotations

import csv
import io
import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import run

from flowatlas.graph.render import display_width, fit_widths


def in_terminal(args: list[str], columns: int) -> tuple[str, str]:
    """Run flowatlas with stdout on a pseudo-terminal `columns` wide; (what the terminal showed, stderr)."""
    leader, follower = pty.openpty()
    env = {**os.environ, "COLUMNS": str(columns), "LINES": "50"}
    process = subprocess.Popen([sys.executable, "-m", "flowatlas.cli", *args], stdout=follower,
                               stderr=subprocess.PIPE, env=env)
    os.close(follower)
    shown = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal closes when the command exits
            break
        if not chunk:
            break
        shown += chunk
    _, stderr = process.communicate()
    os.close(leader)
    assert process.returncode == 0, stderr
    return shown.decode("utf-8").replace("\r\n", "\n"), stderr.decode("utf-8")


@pytest.mark.parametrize("columns", [80, 120])
def test_flows_in_a_terminal_fits_its_width(atlas: Path, columns: int):
    shown, notes = in_terminal(["flows", "--store", str(atlas)], columns)
    lines = shown.rstrip("\n").split("\n")
    assert len(lines) == 2 + 9  # header, rule, one line per share: nothing wrapped
    assert all(display_width(line) <= columns for line in lines)
    assert lines[0].startswith("share") and "share:ref-2023-0020534" in shown  # IRIs shortened to prefixed names
    assert "more columns:" in notes and "--wide" in notes  # what did not fit is named on stderr


def test_wide_and_piped_tables_are_whole(atlas: Path):
    wide, _ = in_terminal(["flows", "--store", str(atlas), "--wide"], 80)
    piped = run("flows", "--store", str(atlas)).stdout
    for table in (wide, piped):
        assert "…" not in table and "sources" in table.split("\n")[0]
        assert "dfe-dwp-pupil-matching-2024.txt; dfe-home-office-policing-2020.txt" in table


def test_fit_widths_shares_the_space_and_hides_what_cannot_fit():
    assert fit_widths([5, 5], 80) == [5, 5]
    widths = fit_widths([40, 30, 30, 30, 30, 30, 30, 30], 80)
    shown = [w for w in widths if w]
    assert sum(shown) + 2 * (len(shown) - 1) <= 80 and widths[0] >= 24 and widths[-1] == 0


def test_records_are_typed(atlas: Path):
    rows = json.loads(run("flows", "--store", str(atlas), "--format", "records").stdout)
    row = next(r for r in rows if r["reference"] == ["2023-0020534"])
    assert row["subjects_requested"] == [12] and row["subjects_returned"] == [12]
    assert row["subjects_matched"] is None and row["datasets"] is None and row["legal_basis"] is None
    assert row["data_items"] == ["date collected", "record held (Y)"]
    assert row["share"] == "https://w3id.org/flowatlas/id/share/ref-2023-0020534"
    counted = json.loads(run("query", "purposes", "--store", str(atlas), "--format", "records").stdout)
    assert all(isinstance(r["shares"], int) for r in counted)


def test_tsv_and_markdown_keep_rows_whole(atlas: Path):
    tsv = run("query", "evidence", "--param", "share=share:event-dfe-dwp-2018-04-185", "--store", str(atlas),
              "--format", "tsv").stdout.splitlines()
    assert all(line.count("\t") == 5 for line in tsv)  # quotes with line breaks and tabs are escaped
    assert any("\\n" in line for line in tsv)
    markdown = run("query", "evidence", "--param", "share=share:event-dfe-dwp-2018-04-185", "--store", str(atlas),
                   "--format", "markdown").stdout.splitlines()
    assert markdown[1].startswith("|---") and all(line.startswith("| ") or line.startswith("|---")
                                                  for line in markdown)
    rows = list(csv.reader(io.StringIO(run("query", "evidence", "--param", "share=share:event-dfe-dwp-2018-04-185",
                                           "--store", str(atlas), "--format", "csv").stdout)))
    assert len(rows) == len(tsv) == len(markdown) - 1
