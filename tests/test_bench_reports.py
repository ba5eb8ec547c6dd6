"""bench/pooled_reports.py and bench/paired_reports.py: pooling and pairing evaluate reports by document."""
import json

import pytest
from script_loader import load_script

paired = load_script("bench", "paired_reports")
pooled = load_script("bench", "pooled_reports")


def _doc(ident, fold, right, pred, gold, central):
    return {"id": ident, "fold": fold, "relations_correct": right, "predicted_relations": pred,
            "gold_relations": gold, "central_claim_correct": central, "side_correct": pred, "matched_units": pred}


def _report(docs, first_unit):
    return {"pipeline": {"per_document": docs}, "baselines": {"first_unit": {"per_document": first_unit}}}


A = _report([_doc("a1", 5, 3, 4, 4, True), _doc("a2", 2, 0, 4, 4, False)],
            [_doc("a1", 5, 1, 4, 4, False), _doc("a2", 2, 1, 4, 4, False)])
B = _report([_doc("b1", 1, 2, 4, 4, True)], [_doc("b1", 1, 0, 4, 4, True)])


def test_rows_reads_a_baseline_as_well_as_the_pipeline():
    rel, central, side = paired.rows(A, ["a1"], "first_unit")
    assert rel == [[1, 4, 4]] and central == [[0, 1]] and side == [[4, 4]]
    assert paired.rows(A, ["a1"])[0] == [[3, 4, 4]]


def test_pooling_takes_one_fold_of_one_report_and_all_of_another():
    table = pooled.pooled([(A, 5), (B, None)])
    assert table["pipeline"]["relation F1"] == [[3, 4, 4], [2, 4, 4]]
    assert table["first_unit"]["relation F1"] == [[1, 4, 4], [0, 4, 4]]
    assert "title" not in table  # a baseline only where every report has it


def test_the_command_prints_pooled_figures_and_names_a_bad_file(tmp_path, capsys):
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    a.write_text(json.dumps(A)), b.write_text(json.dumps(B))
    pooled.main([f"{a}:5", str(b)])
    out = capsys.readouterr().out
    assert "2 documents from 2 reports" in out
    # (3 + 2) right of 8 predicted and 8 gold: F1 5/8
    assert "relation F1              argmap 0.625" in out and "first_unit 0.125" in out
    with pytest.raises(SystemExit, match="cannot read .*missing.json"):
        pooled.main([str(tmp_path / "missing.json")])
    with pytest.raises(SystemExit, match="no documents"):
        pooled.main([f"{a}:3"])
    (tmp_path / "list.json").write_text("[1, 2]")
    with pytest.raises(SystemExit, match="not an argmap evaluate --json report"):
        pooled.main([str(tmp_path / "list.json")])


def test_paired_reports_names_a_bad_report_in_one_line(tmp_path):
    good, bad = tmp_path / "a.json", tmp_path / "list.json"
    good.write_text(json.dumps(A)), bad.write_text("[1, 2]")
    with pytest.raises(SystemExit, match="cannot read the reports"):
        paired.main([str(good), str(bad)])


def _thesis_row(**changes):
    """One text's row of an 'argmap evaluate --format thesis --json' report."""
    row = {"id": "t", "genre": "op-ed", "thesis": True, "argmap": 1, "headline": 0, "first sentence": 0,
           "end of introduction": 0, "last sentence": 0, "body": 1, "body first sentence": 0,
           "body end of introduction": 0, "body last sentence": 0,
           "major_claims": 1, "major_claims_right": 1}
    return {**row, **changes}


def test_thesis_pool_pools_rows_and_refuses_other_files(tmp_path, capsys):
    pool = load_script("bench", "thesis_pool")
    row = _thesis_row(**{"last sentence": 1, "body last sentence": 1, "major_claims": 2})
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    a.write_text(json.dumps({"format": "thesis", "documents": [row]}))
    b.write_text(json.dumps({"format": "thesis", "documents": [{**row, "argmap": 0, "body": 0}]}))
    assert pool.main([str(a), str(b), "--bootstrap", "100"]) == 0
    out = capsys.readouterr().out
    assert "2 texts (2 with a thesis" in out and "argmap                    0.500" in out
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"format": "microtext", "documents": []}))
    assert pool.main([str(a), str(bad)]) == 1
    assert "not an 'argmap evaluate --format thesis --json' report" in capsys.readouterr().err


def test_thesis_errors_prints_misses_and_pooled_figures(tmp_path, capsys):
    errors = load_script("bench", "thesis_errors")
    (tmp_path / "ferry.txt").write_text("Keep the ferry running\n\nThe ferry is old. It is slow and it is late.\n\n"
                                        "The council should keep the ferry running all winter.\n")
    (tmp_path / "thesis.json").write_text(json.dumps({"texts": {"ferry": {
        "genre": "op-ed", "thesis": ["The council should keep the ferry running all winter."]}}}))
    assert errors.main([str(tmp_path), "--all", "--model", "blank"]) == 0
    out = capsys.readouterr().out
    assert "gold    The council should keep the ferry running all winter." in out
    assert "1 texts with a thesis: major claim right: argmap" in out


def test_thesis_pool_against_gives_the_paired_difference(tmp_path, capsys):
    pool = load_script("bench", "thesis_pool")
    row = _thesis_row()
    now, before = tmp_path / "now.json", tmp_path / "before.json"
    now.write_text(json.dumps({"format": "thesis", "documents": [row, {**row, "id": "u"}]}))
    before.write_text(json.dumps({"format": "thesis", "documents": [{**row, "argmap": 0}, {**row, "id": "u"}]}))
    assert pool.main([str(now), "--against", str(before), "--bootstrap", "100"]) == 0
    assert "major claim right           +0.500" in capsys.readouterr().out
    other = tmp_path / "other.json"
    other.write_text(json.dumps({"format": "thesis", "documents": [row]}))
    assert pool.main([str(now), "--against", str(other)]) == 1
