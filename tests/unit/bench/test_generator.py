"""The synthetic article generator: reproducible, every claim template, realistic sizes."""

from __future__ import annotations

import re
import statistics

from bench.generator import TEMPLATES, ArticleGenerator


def _pattern(template: str) -> re.Pattern[str]:
    parts = re.split(r"\{\w+\}", template)
    return re.compile(".+?".join(re.escape(p) for p in parts))


def test_same_seed_gives_the_same_articles() -> None:
    first = [a.as_json() for a in ArticleGenerator(3).articles(20)]
    again = [a.as_json() for a in ArticleGenerator(3).articles(20)]
    assert first == again


def test_another_seed_gives_other_articles() -> None:
    assert ArticleGenerator(3).article(5).text != ArticleGenerator(4).article(5).text


def test_an_article_does_not_depend_on_the_ones_before() -> None:
    generator = ArticleGenerator(3)
    assert generator.article(17) == next(ArticleGenerator(3).articles(1, start=17))


def test_every_claim_template_appears() -> None:
    text = "\n".join(a.text for a in ArticleGenerator(7).articles(200))
    missing = [t for t in TEMPLATES if not _pattern(t).search(text)]
    assert not missing


def test_urls_are_unique() -> None:
    urls = [a.url for a in ArticleGenerator(7).articles(500)]
    assert len(set(urls)) == len(urls)


def test_sizes_are_around_the_target() -> None:
    sizes = [len(a.text.encode()) for a in ArticleGenerator(7, target_bytes=3000).articles(200)]
    assert min(sizes) >= 2900
    assert max(sizes) < 3600
    assert 3000 <= statistics.mean(sizes) < 3300


def test_many_players_and_clubs() -> None:
    generator = ArticleGenerator(7, players=400)
    assert len(generator.players) == 400
    assert len(set(generator.home.values())) > 20
