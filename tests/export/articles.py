"""Hand-built articles with every record kind and hostile text (no spaCy needed)."""
from __future__ import annotations

from argmap.records import Article, AuthorStance, Entity, Mention, Relation, Stance, Unit

TEXT = (
    "Rankings reward real excellence at Harvard.\n"
    "Harvard has \"abundant\" funding & labs.\n"
    "But the UK <script>window.__pwned=1;"
    "document.documentElement.setAttribute('data-injected','script')</script> lags.\n"
    "<img src=x onerror=\"document.documentElement.setAttribute('data-injected','img')\">"
    " Oxford is not ranked fairly — sadly."
)


def make_article(text: str = TEXT, article_id: str = "tiny") -> Article:
    """Return a small article with every record kind and hostile text."""
    lines = text.split("\n")
    units = []
    pos = 0
    roles = ["major_claim", "premise", "claim", "premise"]
    for i, line in enumerate(lines):
        start = text.index(line, pos)
        units.append(Unit(f"{article_id}:{start}", article_id, start, start + len(line), line,
                          roles[i % len(roles)], 0.5 + i / 10, i, i // 2))
        pos = start + len(line)
    u = [x.id for x in units]

    def mention(target: str, unit: Unit, needle: str) -> Mention:
        s = unit.start + unit.text.index(needle)
        return Mention(f"{article_id}:m{s}", article_id, target, unit.id, s, s + len(needle), needle)

    mentions = [
        mention("institution:harvard", units[0], "Harvard"),
        mention("institution:harvard", units[1], "Harvard"),
        mention("country:GB", units[2], "UK"),
    ]
    if "Oxford" in units[3].text:
        mentions.append(mention("institution:oxford", units[3], "Oxford"))
    mentions.append(mention("concept:rankings", units[0], "Rankings"))
    entities = (
        Entity("institution:harvard", "Harvard University", "institution", "country:US", 2,
               ("Harvard",)),
        Entity("institution:oxford", "University of Oxford", "institution", "country:GB", 1,
               ("Oxford",)),
        Entity("country:GB", "United Kingdom", "country", "country:GB", 1, ("UK",)),
    )
    relations = (
        Relation(f"{article_id}:r0", article_id, u[1], u[0], "support", 0.8, "has"),
        Relation(f"{article_id}:r1", article_id, u[2], u[0], "attack", 0.7, "But"),
        Relation(f"{article_id}:r2", article_id, u[3], u[2], "support", 0.6, ""),
    )
    stances = (
        Stance(f"{article_id}:s0", article_id, u[0], "institution:harvard", "pro", 0.6, 0.9,
               False, "reward"),
        Stance(f"{article_id}:s1", article_id, u[2], "country:GB", "con", -0.4, 0.7, False,
               "lags"),
        Stance(f"{article_id}:s2", article_id, u[3], "institution:oxford", "con", -0.3, 0.5,
               True, "not ranked fairly"),
    )
    author = (
        AuthorStance(article_id, "institution:harvard", "pro", 0.6, 1, 0, 0),
        AuthorStance(article_id, "country:GB", "con", -0.4, 0, 1, 0),
    )
    return Article(article_id, "Tiny <b>essay</b> & co", f"{article_id}.txt", "0" * 64, text,
                   units=tuple(units), entities=entities, mentions=tuple(mentions),
                   relations=relations, stances=stances, author_stances=author, model="test")
