"""Web pages, corpus files and --patterns: reading, metadata, one-line errors."""
from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from argmap import io
from argmap.cli import cli
from argmap.io.patterns import parse_patterns
from argmap.io.web import reduce_html, trafilatura_available

WEB = Path(__file__).parent / "data" / "web"
GOLD = json.loads((WEB / "expected.json").read_text(encoding="utf-8"))["pages"]
#: All saved pages, the tuning set and the blind held-out sets: {name: (folder, gold)}.
PAGES = {name: (folder, gold) for folder in (WEB, *(WEB.parent / f"web_heldout{n}" for n in ("", "2", "3")))
         for name, gold in json.loads((folder / "expected.json").read_text(encoding="utf-8"))["pages"].items()}
REDUCERS = [False] + ([True] if trafilatura_available() else [])


@pytest.mark.parametrize("use_trafilatura", REDUCERS, ids=lambda v: "trafilatura" if v else "html.parser")
@pytest.mark.parametrize("name", sorted(PAGES))
def test_boilerplate_removed_and_metadata_kept(name, use_trafilatura):
    folder, gold = PAGES[name]
    page = reduce_html((folder / name).read_text(encoding="utf-8"), use_trafilatura=use_trafilatura)
    assert page.reducer == ("trafilatura" if use_trafilatura else "html.parser")
    assert [b for b in gold["boilerplate"] if b in page.text] == []
    assert [b for b in gold["body"] if b not in page.text] == []
    got = {k: getattr(page, k) for k in ("title", "author", "date", "site", "url")}
    assert got == {k: gold[k] for k in got}
    assert page.text.startswith(gold["title"] + "\n\n")


def test_stdlib_reducer_skips_advert_slots():
    html = ("<html><body><div class='ad-slot'>ADVERTISEMENT</div><p>Point.</p>"
            "<div class='sponsored'>Buy gold</div><p class='header-lead'>Lead.</p></body></html>")
    assert reduce_html(html, use_trafilatura=False).text == "Point.\n\nLead.\n"


def test_stdlib_reducer_survives_unclosed_tags():
    html = ("<html><body><nav><ul><li>Home<li>World</ul></nav><p>First point.<p>Second "
            "point.<div class='cookie-banner'>We use cookies</div><p>Third.</body></html>")
    page = reduce_html(html, use_trafilatura=False)
    assert page.text == "First point.\n\nSecond point.\n\nThird.\n"


def _run(args):
    return CliRunner().invoke(cli, args)


def test_extract_page_carries_metadata_into_records_tables_and_graph(tmp_path):
    out = tmp_path / "out"
    res = _run(["extract", str(WEB / "fed-rates-oped.html"), "-o", str(out), "--model", "blank"])
    assert res.exit_code == 0, res.output
    reducer = "trafilatura" if trafilatura_available() else "html.parser"
    assert res.output.rstrip().endswith(f"[html: {reducer}]")
    art = json.loads((out / "fed-rates-oped" / "article.json").read_text(encoding="utf-8"))
    assert (art["title"], art["author"], art["date"], art["site"]) == (
        "The Fed should stop guessing", "Hannah Lindqvist", "2026-03-14", "The Ledger Review")
    assert art["url"] == "https://ledger-review.example/opinion/2026/03/14/fed-should-stop-guessing"
    rows = list(csv.DictReader((out / "articles.csv").open(encoding="utf-8")))
    assert [(r["article_id"], r["author"], r["date"], r["site"]) for r in rows] == [
        ("fed-rates-oped", "Hannah Lindqvist", "2026-03-14", "The Ledger Review")]
    graph = json.loads((out / "fed-rates-oped" / "graph.json").read_text(encoding="utf-8"))
    node = next(n for n in graph["nodes"] if n["id"] == "article:fed-rates-oped")
    assert (node["author"], node["date"], node["site"]) == (
        "Hannah Lindqvist", "2026-03-14", "The Ledger Review")
    res = _run(["summarize", str(out / "fed-rates-oped")])
    assert res.output.splitlines()[:2] == [
        "The Fed should stop guessing", "By Hannah Lindqvist · 2026-03-14 · The Ledger Review"]


@pytest.mark.parametrize("arg,expected", [
    ("https://example.org/opinion/a", "argmap does not fetch URLs"),
    ("http://127.0.0.1:8000/a.html", "argmap does not fetch URLs"),
])
def test_urls_are_refused_in_one_line(tmp_path, arg, expected):
    res = _run(["extract", arg, "-o", str(tmp_path / "o"), "--model", "blank"])
    assert res.exit_code == 1
    errors = [line for line in res.output.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and expected in errors[0] and "Traceback" not in res.output


def test_json_input_is_refused_with_a_clear_message(tmp_path):
    p = tmp_path / "data.json"
    p.write_text('{"text": "x"}', encoding="utf-8")
    res = _run(["extract", str(p), "-o", str(tmp_path / "o"), "--model", "blank"])
    assert res.exit_code == 1
    assert f"error: {p}: a .json file is not an article" in res.output


TEXT = "Universities should publish their data. Rankings reward prestige, but students need teaching."


def test_jsonl_corpus_rows_bad_rows_and_duplicate_ids(tmp_path):
    p = tmp_path / "news.jsonl"
    lines = [json.dumps({"id": "Story 1", "text": TEXT, "title": "First", "date": "2026-01-02"}),
             "{not json",
             json.dumps({"id": "x", "title": "no text"}),
             json.dumps({"id": "story-1", "text": TEXT}),
             json.dumps({"text": TEXT}),
             "[1, 2]"]
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    res = _run(["extract", str(p), "-o", str(out), "--model", "blank", "-q"])
    assert res.exit_code == 1
    errors = [line for line in res.output.splitlines() if line.startswith("error:")]
    assert errors == [f"error: {p}:2: not valid JSON (Expecting property name enclosed in double quotes)",
                      f"error: {p}:3: no text in column 'text'",
                      f"error: {p}:6: not a JSON object"]
    assert "3 of 6 inputs failed" in res.output
    assert sorted(d.name for d in out.iterdir() if d.is_dir()) == ["news-5", "story-1", "story-1-2"]
    first = json.loads((out / "story-1" / "article.json").read_text(encoding="utf-8"))
    assert (first["title"], first["date"], first["source"]) == ("First", "2026-01-02", f"{p}:1")


def test_csv_corpus_with_custom_columns(tmp_path):
    p = tmp_path / "desk.csv"
    with p.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["key", "headline", "body", "published"])
        w.writerow(["A/1", "Rankings", TEXT, "2026-05-01"])
        w.writerow(["A/2", "Empty", "  ", "2026-05-02"])
    out = tmp_path / "out"
    res = _run(["extract", str(p), "-o", str(out), "--model", "blank", "-q",
                "--text-column", "body", "--id-column", "key", "--title-column", "headline",
                "--date-column", "published"])
    assert res.exit_code == 1
    assert f"error: {p}:3: no text in column 'body'" in res.output
    art = json.loads((out / "a-1" / "article.json").read_text(encoding="utf-8"))
    assert (art["title"], art["date"]) == ("Rankings", "2026-05-01")


def test_csv_without_the_text_column_is_one_line(tmp_path):
    p = tmp_path / "desk.csv"
    p.write_text("key,body\n1,hello\n", encoding="utf-8")
    res = _run(["extract", str(p), "-o", str(tmp_path / "o"), "--model", "blank", "-q"])
    assert res.exit_code == 1
    assert f"error: {p}: no column 'text' (columns: key, body; see --text-column)" in res.output


def test_parse_patterns_reports_each_bad_line():
    lines = ['{"id": "org:acme", "label": "Acme", "patterns": ["Acme", "ACME"]}',
             '',
             '{"id": "org:x"}',
             '{"id": "spaceship:x", "patterns": ["X"]}',
             'nope',
             '{"id": "person:jane-roe", "patterns": ["Jane Roe"], "country": 3}',
             '{"id": "seat:quai-d-orsay", "patterns": ["Quai d\'Orsay"]}',
             '{"id": "seat:quai-d-orsay", "patterns": ["Quai d\'Orsay"], "country": "country:FR"}']
    rows, errors = parse_patterns(lines, "p.jsonl")
    assert [r["id"] for r in rows] == ["org:acme", "seat:quai-d-orsay"]
    assert errors == [
        'p.jsonl:3: "patterns" must be a list of non-empty strings (at most 200 characters)',
        "p.jsonl:4: kind 'spaceship' is not one of institution, org, person, country, region, "
        "concept, seat (and must be the id's prefix)",
        "p.jsonl:5: Expecting value",
        'p.jsonl:6: "country" must be a string',
        'p.jsonl:7: a seat needs "country": the id it stands for, like "country:FR"',
    ]


def _patterns_file(tmp_path):
    p = tmp_path / "mine.jsonl"
    p.write_text('{"id": "org:acme-watch", "label": "Acme Watch", "patterns": ["Acme Watch"]}\n'
                 '{"id": "org:broken"\n', encoding="utf-8")
    return p


def test_patterns_on_extract_and_summarize(tmp_path):
    pats = _patterns_file(tmp_path)
    src = tmp_path / "essay.txt"
    src.write_text("Acme Watch says rankings mislead. Universities should publish their data.\n",
                   encoding="utf-8")
    res = _run(["extract", str(src), "-o", str(tmp_path / "o"), "--model", "blank",
                "--patterns", str(pats)])
    assert res.exit_code == 0, res.output
    assert f"warning: {pats}:2: Expecting ',' delimiter; line skipped" in res.output
    art = json.loads((tmp_path / "o" / "essay" / "article.json").read_text(encoding="utf-8"))
    assert [e["id"] for e in art["entities"]] == ["org:acme-watch"]
    res = _run(["summarize", str(src), "--model", "blank", "--format", "json",
                "--patterns", str(pats)])
    assert res.exit_code == 0, res.output
    assert "org:acme-watch" in res.output
    # without --patterns the entity is unknown again (the setting does not leak)
    res = _run(["summarize", str(src), "--model", "blank", "--format", "json"])
    assert "org:acme-watch" not in res.output


def test_patterns_change_the_cache_key(tmp_path, nlp):
    from argmap.cache import pipeline_fingerprint
    from argmap.pipeline.load import add_user_patterns, load_pipeline

    before = pipeline_fingerprint(load_pipeline("blank"))
    other = add_user_patterns(load_pipeline("blank"),
                              [{"id": "org:acme", "kind": "org", "patterns": ["Acme"]}])
    assert pipeline_fingerprint(other) != before


def test_missing_patterns_file_is_a_usage_error(tmp_path):
    res = _run(["summarize", "x.txt", "--patterns", str(tmp_path / "none.jsonl")])
    assert res.exit_code == 2
    assert "none.jsonl: not a file" in res.output


def test_corpus_module_is_reexported():
    assert io.read_corpus and io.Columns().text == "text"


def test_compare_articles_table_has_metadata():
    from argmap.compare_tables import compare_articles
    from argmap.records import Article

    a = Article(id="a", title="A", source="a.html", sha256="", text="x", date="2026-01-02",
                site="Site A", author="Ann", url="https://a.example/1")
    b = Article(id="b", title="B", source="b.txt", sha256="", text="y")
    table = compare_articles([a, b]).articles
    assert table[["article_id", "date", "site", "author", "source"]].values.tolist() == [
        ["a", "2026-01-02", "Site A", "Ann", "https://a.example/1"], ["b", "", "", "", "b.txt"]]
