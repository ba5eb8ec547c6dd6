"""``argmap evaluate --format thesis``: reading thesis gold, the baselines, matching and the report.

Texts are written for these tests.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from argmap.cli import cli
from argmap.evaluate.thesis import (ThesisGold, baseline_spans, format_thesis_report, read_thesis_gold,
                                    score_spans, thesis_report)
from argmap.io import InputError

OPED = """Bring back the night bus

By Jo Marsh

The city cut its night buses in May to save money. That was a false saving, and the council should restore them.

Shift workers now pay for taxis or walk home. According to the transport office, ridership was rising before the cut.

Bring back the night bus before winter.
"""
NEWS = """Council shuts two pools

The city council voted on Tuesday to close two swimming pools in the east of the city.

The pools will close in March, a spokesperson said.
"""


def _folder(tmp_path: Path, gold: object, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / "thesis.json").write_text(json.dumps(gold), encoding="utf-8")
    return tmp_path


def _span(text: str, piece: str) -> tuple[int, int]:
    start = text.index(piece)
    return start, start + len(piece)


def test_baselines_skip_the_byline_and_read_the_introduction():
    spans = baseline_spans(OPED)
    assert OPED[slice(*spans["headline"])] == "Bring back the night bus"
    assert OPED[slice(*spans["first sentence"])] == "The city cut its night buses in May to save money."
    assert OPED[slice(*spans["end of introduction"])] == ("That was a false saving, and the council "
                                                          "should restore them.")
    assert OPED[slice(*spans["last sentence"])] == "Bring back the night bus before winter."


def test_a_page_title_with_a_full_stop_is_the_headline_when_the_page_gave_it():
    text = "Pools pay for themselves. Keep them open.\n\nThe two pools cover their costs from tickets and lessons every year."
    assert baseline_spans(text)["headline"] is None  # a first line ending in a stop is no title ...
    assert baseline_spans(text, title="Pools pay for themselves. Keep them open.")["headline"] == (0, 41)


def test_a_unit_matches_a_statement_when_they_share_half_the_tokens_of_each():
    gold = ThesisGold("o", "o.txt", "op-ed", ("That was a false saving, and the council should restore them.",), OPED)
    clause = _span(OPED, "the council should restore them.")           # 5 of 11 tokens: not half
    most = _span(OPED, "was a false saving, and the council should restore them")  # 10 of 11
    assert score_spans(gold, [clause])["argmap"] == 0
    row = score_spans(gold, [most, _span(OPED, "Bring back the night bus")])
    assert row["argmap"] == 1 and (row["major_claims"], row["major_claims_right"]) == (2, 1)
    assert score_spans(gold, [])["argmap"] == 0


def test_body_thesis_leaves_the_headline_out():
    gold = ThesisGold("o", "o.txt", "op-ed", ("Bring back the night bus",
                                              "Bring back the night bus before winter."), OPED)
    head, last = _span(OPED, "Bring back the night bus"), _span(OPED, "Bring back the night bus before winter.")
    intro = _span(OPED, "That was a false saving, and the council should restore them.")
    row = score_spans(gold, [head, intro])       # the headline is right, the body thesis is not
    assert (row["argmap"], row["body"]) == (1, 0)
    assert score_spans(gold, [head, last])["body"] == 1
    assert (row["body last sentence"], row["body end of introduction"]) == (1, 0)
    only_head = ThesisGold("h", "h.txt", "op-ed", ("Bring back the night bus",), OPED)
    assert score_spans(only_head, [head])["body"] is None  # no statement outside the headline


def test_a_statement_not_in_the_text_is_refused():
    with pytest.raises(ValueError, match="not in the text"):
        ThesisGold("o", "o.txt", "op-ed", ("Night buses are a human right.",), OPED)


def test_reader_skips_bad_entries_with_one_line_each(tmp_path):
    gold = {"texts": {
        "oped": {"genre": "op-ed", "thesis": ["Bring back the night bus",
                                              "That was a false saving, and the council should restore them."]},
        "news": {"genre": "news", "thesis": []},
        "wrong": {"genre": "op-ed", "thesis": ["A sentence that is nowhere."]},
        "shape": {"genre": "op-ed", "thesis": "not a list"},
        "absent": {"genre": "op-ed", "thesis": []},
        "../escape": {"genre": "op-ed", "thesis": []},
    }}
    folder = _folder(tmp_path, gold, {"oped.txt": OPED, "news.txt": NEWS, "wrong.txt": NEWS,
                                      "shape.txt": NEWS, "stray.md": NEWS, "README.md": "# the set"})
    messages: list[str] = []
    golds = read_thesis_gold(str(folder), on_error=messages.append)
    assert [g.id for g in golds] == ["news", "oped"]
    assert golds[1].spans[0] == (0, 24)
    assert len(messages) == 5 and all("\n" not in m for m in messages)
    joined = "\n".join(messages)
    for name in ("wrong", "shape", "absent", "escape", "stray.md"):
        assert name in joined


@pytest.mark.parametrize("content", ["{not json", "[1, 2]", '{"texts": []}'])
def test_an_unreadable_thesis_file_is_one_error(tmp_path, content):
    (tmp_path / "thesis.json").write_text(content, encoding="utf-8")
    with pytest.raises(InputError):
        read_thesis_gold(str(tmp_path))


def test_report_figures_best_baseline_and_texts_without_a_thesis():
    def row(argmap, headline, intro, thesis=True, units=(1, 1)):
        return {"id": "x", "genre": "op-ed", "thesis": thesis, "argmap": argmap, "headline": headline,
                "first sentence": 0, "end of introduction": intro, "last sentence": 0,
                "body": argmap if thesis else None, "body first sentence": 0,
                "body end of introduction": intro if thesis else None, "body last sentence": 0,
                "major_claims": units[0], "major_claims_right": units[1]}

    rows = [row(1, 1, 0), row(1, 0, 1), row(0, 0, 1), row(1, 1, 1, units=(2, 1)),
            row(0, 0, 0, thesis=False, units=(1, 0))]
    report = thesis_report(rows, n_boot=200)
    assert report["with_thesis"] == 4 and report["without_thesis"] == 1
    assert report["major_claim_right"]["argmap"]["value"] == 0.75
    assert report["best_baseline"] == "end of introduction"  # 0.75, ahead of the headline's 0.5
    assert report["difference"]["value"] == 0.0
    assert report["major_claim_precision"]["value"] == 0.8 and report["major_claim_precision"]["units"] == 5
    assert report["without_thesis_given_a_major_claim"] == 1
    assert report["with_body_thesis"] == 4 and report["body_best_baseline"] == "end of introduction"
    assert report["body_thesis_right"]["argmap"]["value"] == 0.75


def test_cli_scores_a_folder_and_refuses_bad_input_in_one_line(tmp_path):
    (tmp_path / "set").mkdir()
    folder = _folder(tmp_path / "set",
                     {"texts": {"oped": {"genre": "op-ed", "thesis": ["Bring back the night bus"]},
                                "news": {"genre": "news", "thesis": []}}},
                     {"oped.txt": OPED, "news.txt": NEWS})
    result = CliRunner().invoke(cli, ["evaluate", str(folder), "--format", "thesis", "--json",
                                      "--bootstrap", "100", "--model", "blank"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert (data["texts"], data["with_thesis"], data["skipped"]) == (2, 1, [])
    assert data["major_claim_right"]["headline"]["value"] == 1.0

    empty = tmp_path / "empty"
    empty.mkdir()
    result = CliRunner().invoke(cli, ["evaluate", str(empty), "--format", "thesis", "--model", "blank"])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.output.count("\n") == 1 and "thesis.json" in result.output

    result = CliRunner().invoke(cli, ["evaluate", str(folder / "oped.txt"), "--format", "thesis",
                                      "--model", "blank"])
    assert result.exit_code == 1 and "needs a folder" in result.output


def test_a_symlink_loop_is_one_skipped_entry_not_a_traceback(tmp_path):
    (tmp_path / "a.txt").symlink_to("b.txt")
    (tmp_path / "b.txt").symlink_to("a.txt")
    folder = _folder(tmp_path, {"texts": {"a": {"thesis": []}, "oped": {"thesis": [
        "Bring back the night bus before winter."]}}}, {"oped.txt": OPED})
    lines: list[str] = []
    golds = read_thesis_gold(str(folder), on_error=lines.append)
    assert [g.id for g in golds] == ["oped"]
    assert len(lines) == 1 and lines[0].startswith(f"{folder / 'thesis.json'}: a: ")
    assert "not a safe file name" in lines[0]


def test_a_statement_with_no_word_is_refused_not_scored_as_a_miss(tmp_path):
    folder = _folder(tmp_path, {"texts": {"oped": {"thesis": ["."]}, "news": {"thesis": []}}},
                     {"oped.txt": OPED, "news.txt": NEWS})
    lines: list[str] = []
    golds = read_thesis_gold(str(folder), on_error=lines.append)
    assert [g.id for g in golds] == ["news"]
    assert len(lines) == 1 and ": oped: a thesis statement has no word" in lines[0]


def test_windows_line_endings_give_the_same_baselines():
    wrapped = OPED.replace("That was a false saving, and", "That was a false saving,\nand")
    crlf = wrapped.replace("\n", "\r\n")

    def texts(text):
        return {k: " ".join(text[slice(*v)].split()) for k, v in baseline_spans(text).items()}

    assert texts(crlf) == texts(wrapped)
    assert texts(crlf)["end of introduction"] == ("That was a false saving, and the council "
                                                  "should restore them.")


def test_two_names_of_one_file_are_scored_once(tmp_path):
    # "Oped" and "oped" name one file on a case-insensitive disk; a link inside does here
    (tmp_path / "Oped.txt").symlink_to("oped.txt")
    entry = {"thesis": ["Bring back the night bus before winter."]}
    folder = _folder(tmp_path, {"texts": {"oped": entry, "Oped": entry}}, {"oped.txt": OPED})
    lines: list[str] = []
    golds = read_thesis_gold(str(folder), on_error=lines.append)
    assert [g.id for g in golds] == ["Oped"]  # the first name in sorted order
    assert lines == [f"{folder / 'thesis.json'}: oped: the same file as Oped; text skipped"]


def test_a_folder_that_cannot_be_listed_still_scores_its_entries(tmp_path, monkeypatch):
    folder = _folder(tmp_path, {"texts": {"oped": {"thesis": [
        "Bring back the night bus before winter."]}}}, {"oped.txt": OPED})

    def refuse(self):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "iterdir", refuse)  # as for a folder with x but no r permission
    lines: list[str] = []
    golds = read_thesis_gold(str(folder), on_error=lines.append)
    assert [g.id for g in golds] == ["oped"]
    assert len(lines) == 1 and "cannot list the folder (Permission denied)" in lines[0]


def test_a_genre_with_a_line_break_stays_on_one_line_of_the_report():
    row = {"id": "x", "genre": "op-ed\nfake line", "thesis": True, "argmap": 1, "headline": 0,
           "first sentence": 0, "end of introduction": 0, "last sentence": 0, "body": None,
           "body first sentence": None, "body end of introduction": None, "body last sentence": None,
           "major_claims": 1, "major_claims_right": 1}
    text = format_thesis_report(thesis_report([row], n_boot=100))
    assert "op-ed\\nfake line 1/1" in text and "\nfake line" not in text
