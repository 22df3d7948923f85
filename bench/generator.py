"""Synthetic football news: seeded, reproducible articles with every claim kind.

The sentences follow the patterns of real transfer news (attribution, hedges, denials,
fees, several players per article) so that the extractor does real work on them; the
benchmark measures throughput, not accuracy, so no gold is kept.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

FIRST = [
    "Marco",
    "Jonas",
    "Lucas",
    "Mateo",
    "Kai",
    "Theo",
    "Rafael",
    "Bruno",
    "Nico",
    "Leon",
    "Milan",
    "Victor",
    "Andre",
    "Samuel",
    "Omar",
    "Emil",
    "Tomas",
    "Dario",
    "Felix",
    "Hugo",
    "Ivan",
    "Joao",
    "Karim",
    "Luka",
    "Malik",
    "Noah",
    "Oscar",
    "Pablo",
    "Ruben",
]
LAST = [
    "Silva",
    "Keller",
    "Moreau",
    "Rossi",
    "Jansen",
    "Novak",
    "Costa",
    "Berg",
    "Fischer",
    "Duarte",
    "Okafor",
    "Lindqvist",
    "Varga",
    "Mendes",
    "Schmidt",
    "Petit",
    "Romero",
    "Holm",
    "Kovac",
    "Ferreira",
    "Bakker",
    "Laurent",
    "Conti",
    "Weber",
    "Haddad",
    "Nilsen",
    "Ortega",
    "Sousa",
    "Brandt",
    "Vidal",
]
CLUBS = (
    "Liverpool",
    "Arsenal",
    "Chelsea",
    "Manchester United",
    "Manchester City",
    "Tottenham Hotspur",
    "Newcastle United",
    "Aston Villa",
    "Real Madrid",
    "Barcelona",
    "Atletico Madrid",
    "Bayern Munich",
    "Borussia Dortmund",
    "Bayer Leverkusen",
    "Juventus",
    "Inter Milan",
    "AC Milan",
    "Napoli",
    "Paris Saint-Germain",
    "Marseille",
    "Benfica",
    "Porto",
    "Ajax",
    "PSV Eindhoven",
    "Al-Hilal",
    "Al-Nassr",
    "Inter Miami",
)
OUTLETS = ("Sky Sports", "The Athletic", "BBC Sport", "Marca", "Bild", "L'Equipe", "ESPN")
SOURCES = (
    "according to sources",
    "sources have told",
    "it is understood",
    "according to reports in Spain",
    "reportedly",
)

# One template per claim kind family, with {p} player, {c} current club, {s} suitor.
TEMPLATES = (
    "{p} is out of contract at {c} in the summer and has attracted serious interest.",
    "{c} have opened talks with {p} over a new deal, {src}.",
    "{c} have offered {p} a new four-year contract worth £{w},000-a-week.",
    "{p} has turned down {c}'s latest contract offer.",
    "{p} is close to agreeing a new deal with {c}.",
    "{p} has signed a new contract with {c} until 20{y}.",
    "Contract talks between {c} and {p} have stalled.",
    "{s} are monitoring {p} ahead of the summer window.",
    "{s} have made an approach for {p}, {src}.",
    "{c} have rejected a £{f}m bid from {s} for {p}.",
    "{s} have agreed a fee of €{f}m with {c} for {p}.",
    "{p} has agreed personal terms with {s}.",
    "{p} has agreed a pre-contract with {s} and will join on a free.",
    "{p} is undergoing a medical at {s} today.",
    "{s} have completed the signing of {p} from {c} for £{f}m.",
    "{s}'s move for {p} has collapsed after talks broke down.",
    "{p} wants to leave {c} and has told the club he wants to join {s}.",
    '{p} has insisted he wants to stay at {c}: "I am happy here."',
    "{c} have not received any offer for {p}, the manager said.",
    "There is no chance of {p} leaving {c} this month.",
)
FILLER = (
    "The {c} boss praised the squad after a hard-fought win at the weekend.",
    "Fans were left frustrated after a goalless draw in midweek.",
    "The club's injury list has grown again, with two defenders ruled out for a month.",
    "Supporters will hope for a busy window after a difficult run of results.",
    "The player has scored {g} goals in all competitions this season.",
    "Analysts point to the side's pressing numbers as the key to their recent form.",
)


@dataclass(frozen=True, slots=True)
class SyntheticArticle:
    url: str
    title: str
    outlet: str
    published: str
    text: str

    def as_json(self) -> dict[str, Any]:
        return {
            "url": self.url,
            "title": self.title,
            "outlet": self.outlet,
            "published": self.published,
            "text": self.text,
        }


class ArticleGenerator:
    """`ArticleGenerator(seed).articles(n)` gives the same n articles for the same seed."""

    def __init__(self, seed: int = 7, *, players: int = 400, target_bytes: int = 3000) -> None:
        self._seed = seed
        self._target = target_bytes
        rng = random.Random(seed)
        names = {f"{rng.choice(FIRST)} {rng.choice(LAST)}" for _ in range(players * 3)}
        self.players = sorted(names)[:players]
        self.home = {p: rng.choice(CLUBS) for p in self.players}

    def articles(self, n: int, *, start: int = 0) -> Iterator[SyntheticArticle]:
        for i in range(start, start + n):
            yield self.article(i)

    def article(self, i: int) -> SyntheticArticle:
        rng = random.Random(self._seed * 1_000_003 + i)
        base = datetime(2025, 1, 1, tzinfo=UTC) + timedelta(minutes=37 * i)
        featured = rng.sample(self.players, k=rng.randint(1, 3))
        sentences: list[str] = []
        while sum(len(s) + 1 for s in sentences) < self._target:
            if rng.random() < 0.55:
                p = rng.choice(featured)
                c = self.home[p]
                s = rng.choice([club for club in CLUBS if club != c])
                template = rng.choice(TEMPLATES)
                sentences.append(
                    template.format(
                        p=p,
                        c=c,
                        s=s,
                        src=rng.choice(SOURCES),
                        f=rng.randint(5, 120),
                        w=rng.randint(50, 400),
                        y=rng.randint(26, 31),
                    )
                )
            else:
                c = self.home[rng.choice(featured)]
                sentences.append(rng.choice(FILLER).format(c=c, g=rng.randint(1, 30)))
        paragraphs = [" ".join(sentences[j : j + 3]) for j in range(0, len(sentences), 3)]
        lead = featured[0]
        return SyntheticArticle(
            url=f"https://bench.touchline.invalid/{i:07d}",
            title=f"{lead}: the latest on his future at {self.home[lead]}",
            outlet=rng.choice(OUTLETS),
            published=base.isoformat(),
            text="\n\n".join(paragraphs),
        )
