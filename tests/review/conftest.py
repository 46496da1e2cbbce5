"""A store whose records come from a scripted extractor: each invented sentence below
yields fixed records at its offsets, so review tests run in milliseconds and know exactly
which records there are. The real pipeline's path (ingest, re-extraction) is used as is."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from armswatch.extract.claim_base import Claim
from armswatch.extract.deployments import Deployment
from armswatch.extract.stance import Modality
from armswatch.models import Annotations, Mention
from armswatch.pipeline import ingest
from armswatch.settings import Settings
from armswatch.store import Store
from ..store.targets import DbTarget

MOVED = "Officials in Vilnius said Russia had moved S-400 launchers to Pskov last week."
DENIED = "The Russian defence ministry denied that any launchers had been moved."
DRILL = "Belarus held a drill with Iskander-M units near Brest in the spring."
BODY = f"{MOVED} {DENIED} {DRILL}"
URL = "https://wire.example.org/launchers"

_NO_MODALITY = Modality(negated=False, future=False, conditional=False, hypothetical=False, reported=False)
SCRIPT: dict[str, list[Any]] = {
    MOVED: [Deployment(by="RU", system="ru.s-400", where="Pskov", place_id="gn:504341", lat=57.81922, lon=28.33181,
                       status="in_place", count=None, unit=None, date=None, date_precision=None,
                       attributed_to="Officials in Vilnius", cited=(), reported=True, start=0, end=0)],
    DENIED: [Claim(speaker="RU", speaker_kind="actor", speaker_text="The Russian defence ministry", cue="deny",
                   stance="deny", stance_evidence="denied", content="that any launchers had been moved", start=0, end=0,
                   target=None, about=("ru.s-400",), cited=(), modality=_NO_MODALITY)],
    DRILL: [Deployment(by="BY", system="ru.iskander-m", where="Brest", place_id="gn:629634", lat=52.09755,
                       lon=23.68775, status="temporary", count=None, unit=None, date=None, date_precision=None,
                       attributed_to=None, cited=(), reported=False, start=0, end=0)],
}


class ScriptedExtractor:
    """Duck-types NlpExtractor: `pipe` gives, for each body, the records SCRIPT lists for the
    sentences it holds (a deployment's span is its sentence, a claim's its content)."""

    nlp = None
    name = "scripted.v1"

    def __init__(self, *, reverse: bool = False) -> None:
        self.reverse = reverse  # records in the opposite order: the rowids of a re-extraction differ

    def pipe(self, items: Iterable[tuple[str, str | None, str | None]], batch_size: int = 1) -> Iterator[Annotations]:
        for body, _published, _title in items:
            deployments, claims, mentions = [], [], []
            for sentence, records in SCRIPT.items():
                at = body.find(sentence)
                if at < 0:
                    continue
                mentions.append(Mention("sentence", "S", at, at + len(sentence), sentence, self.name))
                for record in records:
                    if isinstance(record, Deployment):
                        deployments.append(replace(record, start=at, end=at + len(sentence)))
                    else:
                        start = at + sentence.index(record.content)
                        claims.append(replace(record, start=start, end=start + len(record.content),
                                              evidence=((start, start + len(record.content)),)))
            if self.reverse:
                deployments.reverse()
            yield Annotations(mentions=tuple(mentions), tokens=(), extractor=self.name, claims=tuple(claims),
                              deployments=tuple(deployments))


def write_jsonl(path: Path, rows: list[dict[str, str]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def fill(store: Store, folder: Path, *, body: str = BODY, url: str = URL, name: str = "wire.jsonl") -> None:
    """Ingest one invented wire item through the real pipeline with the scripted extractor."""
    path = write_jsonl(folder / name, [{"url": url, "published": "2025-04-02", "title": "Launchers", "text": body}])
    ingest([path], store, settings=Settings(gate=False), extractor=ScriptedExtractor())  # type: ignore[arg-type]


@pytest.fixture
def filled(db_target: DbTarget, tmp_path: Path) -> Iterator[Store]:
    with Store.open(db_target("reviews")) as store:
        fill(store, tmp_path)
        yield store


def record_id(store: Store, table: str, **where: str) -> int:
    sql = f"SELECT id FROM {table} WHERE " + " AND ".join(f"{k} = ?" for k in where)
    [(found,)] = store.db.execute(sql, list(where.values())).fetchall()
    return int(found)
