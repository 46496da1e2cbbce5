"""`armswatch ingest --engine dask` stores exactly what the local path stores.

Every text here was written for these tests.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from armswatch.cli import cli
from armswatch.engine import ingest_dask
from armswatch.engine.worker import model_loads
from armswatch.extract import NlpExtractor
from armswatch.pipeline import ingest
from armswatch.settings import Settings
from armswatch.store import Store

from ..conftest import write
from .conftest import dump

DEPLOYED = (
    "Air defence moved north\n\n"
    "OSLAND, June 3 (Test Wire) — Russia has deployed S-400 air defence systems to a base near its "
    "western border, the defence ministry said on Tuesday. Two battalions arrived there last week, "
    "a ministry spokesman told reporters.\n"
)
ACCUSED = (
    "Inspections halted\n\n"
    "The United States accused Russia of violating the New START treaty by refusing on-site inspections, "
    "a State Department spokesman said on Friday. Moscow denied the charge and said Washington had tested "
    "a Minuteman III missile two days earlier.\n"
)
UNRELATED = (
    "Council passes budget\n\n"
    "The city council approved a new budget for parks and libraries on Monday after a long debate. "
    "The mayor said the money would repair playgrounds and extend opening hours in the winter.\n"
)
GERMAN = (
    "Neue Bibliothek eröffnet\n\n"
    "Die Stadt hat am Montag eine neue Bibliothek eröffnet. Der Bürgermeister sagte, das Gebäude "
    "habe drei Jahre gebraucht und sei nun für alle Bürger geöffnet.\n"
)


def _record(n: int, text: str) -> str:
    return json.dumps({"url": f"https://example.test/story/{n}", "title": f"Story {n}", "published": "2024-05-0{n}", "text": text})


def corpus(root: Path) -> Path:
    """Texts that pass the gate, fail it, are not English, cannot be read, and repeat."""
    write(root / "a" / "deployed.txt", DEPLOYED)
    write(root / "a" / "accused.txt", ACCUSED)
    write(root / "a" / "unrelated.txt", UNRELATED)
    write(root / "b" / "german.txt", GERMAN)
    write(root / "b" / "broken.txt", b"\x00\x01\x02\xff\xfe binary \x00" * 40)
    write(root / "b" / "empty.txt", "")
    lines = [
        _record(1, DEPLOYED.replace("Tuesday", "Wednesday")),
        "{this line is not JSON",
        _record(2, ACCUSED.replace("Friday", "Thursday")),
        _record(3, UNRELATED.replace("Monday", "Sunday")),
        _record(2, ACCUSED.replace("Friday", "Thursday")),  # the same record twice: unchanged
        _record(4, "Pyongyang fired two short-range ballistic missiles into the sea, the military said."),
    ]
    write(root / "b" / "shard.jsonl", "\n".join(lines) + "\n")
    return root


def _summary(report: Any) -> dict[str, Any]:
    return report.as_dict()  # type: ignore[no-any-return]


def test_dask_stores_the_same_rows_as_the_local_path(tmp_path: Path, cluster: Any, model_extractor: NlpExtractor) -> None:
    root = corpus(tmp_path / "in")
    settings = Settings(batch_size=2, gate=True)  # the real model, the gate on: both as by default
    with Store.open(tmp_path / "local.db") as store:
        local = ingest([root], store, settings=settings, extractor=model_extractor)
    with Store.open(tmp_path / "dask.db") as store:
        distributed = ingest_dask([root], store, settings=settings, scheduler=cluster.scheduler.address)
    assert _summary(distributed) == _summary(local)
    assert local.gate_passed >= 3 and local.gate_skipped >= 1 and local.skipped and local.unchanged == 1
    rows = dump(tmp_path / "local.db")
    assert rows["claims"] or rows["deployments"], "the texts should give records to compare"
    assert dump(tmp_path / "dask.db") == rows


def test_a_rerun_adds_nothing_and_a_resumed_run_finishes_the_job(tmp_path: Path, cluster: Any) -> None:
    root = corpus(tmp_path / "in")
    settings = Settings(nlp_model="blank:en", batch_size=2, gate=True)
    address = cluster.scheduler.address
    # an interrupted run stored folder a/ only; the next run is given everything
    with Store.open(tmp_path / "local.db") as store:
        ingest([root / "a"], store, settings=settings)
        ingest([root], store, settings=settings)
    with Store.open(tmp_path / "dask.db") as store:
        ingest_dask([root / "a"], store, settings=settings, scheduler=address)
        resumed = ingest_dask([root], store, settings=settings, scheduler=address)
        assert resumed.unchanged == 3 + 1 and resumed.new == 5  # german.txt and 4 distinct JSON records
    before = dump(tmp_path / "dask.db")
    assert before == dump(tmp_path / "local.db")
    with Store.open(tmp_path / "dask.db") as store:
        again = ingest_dask([root], store, settings=settings, scheduler=address)
    assert again.new == 0 and again.new_version == 0 and again.unchanged == 3 + 5 + 1
    assert dump(tmp_path / "dask.db")["articles"] == before["articles"]
    assert dump(tmp_path / "dask.db")["claims"] == before["claims"]


def test_each_worker_loads_the_model_once(tmp_path: Path, cluster: Any) -> None:
    for n in range(12):
        write(tmp_path / "in" / f"{n:02d}.txt", f"Report {n}\n\nThe Patriot battery number {n} was moved to the coast.\n")
    settings = Settings(nlp_model="blank:en", batch_size=1, gate=False)
    with Store.open(tmp_path / "dask.db") as store:
        report = ingest_dask([tmp_path / "in"], store, settings=settings, scheduler=cluster.scheduler.address)
    assert report.new == 12
    loads = cluster.run(model_loads)
    assert len(loads) == 2
    for models in loads.values():
        assert models.count("blank:en") == 1  # 12 one-article tasks over 2 workers, one load each


def test_cli_engine_dask_matches_the_local_command(tmp_path: Path, cluster: Any) -> None:
    root = corpus(tmp_path / "in")
    env = {"ARMSWATCH_NLP_MODEL": "blank:en", "ARMSWATCH_BATCH_SIZE": "3"}
    runner = CliRunner()
    local = runner.invoke(cli, ["ingest", str(root), "--db", str(tmp_path / "local.db"), "--json"], env=env)
    assert local.exit_code == 0, local.output
    args = ["ingest", "--engine", "dask", "--scheduler", cluster.scheduler.address, str(root)]
    distributed = runner.invoke(cli, [*args, "--db", str(tmp_path / "dask.db"), "--json"], env=env)
    assert distributed.exit_code == 0, distributed.output
    assert json.loads(distributed.stdout)["report"] == json.loads(local.stdout)["report"]
    assert dump(tmp_path / "dask.db") == dump(tmp_path / "local.db")


def test_scheduler_needs_the_dask_engine(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["ingest", "--scheduler", "tcp://127.0.0.1:8786", str(tmp_path)])
    assert result.exit_code == 2 and "--engine dask" in result.output
