"""The whole pipeline on real Beam runners, committing real Delta versions."""

from __future__ import annotations

import hashlib
import json
import re
import socket
from collections import Counter
from pathlib import Path

import apache_beam as beam
import polars as pl
import pyarrow.parquet as pq
import pytest
import yaml
from deltalake import DeltaTable

from medcorpus.pipelines import build as build_mod
from medcorpus.pipelines import progress as progress_mod
from medcorpus.pipelines.build import BuildError, build
from medcorpus.pipelines.config import load_config
from medcorpus.schemas import (
    DOCUMENT_SCHEMA, REJECT_SCHEMA, STAGES, make_document, make_file_name, make_source_id, provenance,
)
from medcorpus import table as table_mod
from medcorpus.transforms import write as write_mod
from medcorpus.transforms.quality import ScoreQuality
from medcorpus.transforms.stage import keep
from tests.conftest import REPO, TEST_DEID_KEY, fixture_config

MULTIPROCESS = ["--direct_running_mode=multi_processing", "--direct_num_workers=2"]
IN_MEMORY = ["--direct_running_mode=in_memory"]
KEY = TEST_DEID_KEY.encode()
PORTABLE = ["--runner=PortableRunner", "--job_endpoint=embed", "--environment_type=LOOPBACK"]

pytestmark = pytest.mark.slow


def sid(source: str, raw_id: str) -> str:
    """The stored source_id (a keyed pseudonym) of the record with this raw id."""
    return make_source_id(KEY, source, raw_id)


def rows(table: Path, version: int | None = None) -> pl.DataFrame:
    return pl.scan_delta(str(table), version=version).select("doc_id", "source", "source_id", "text").sort(
        "doc_id").collect()


def commit_info(table: Path, version: int) -> dict:
    for entry in DeltaTable(str(table)).history():
        if entry["version"] == version:
            return json.loads(entry["medcorpus"])
    raise AssertionError(f"no version {version}")


def check_counts(summary: dict, expected: dict) -> None:
    by_source = summary["counts"]["by_source"]
    rejected = Counter()
    for stage, reasons in summary["counts"]["rejected_by_stage"].items():
        assert stage == "ingest"
        rejected.update(reasons)
    for source, exp in expected.items():
        got = by_source[source]
        if exp["input"] is not None:
            assert got["input"] == exp["input"], source
            assert got["kept"] == exp["kept"], source
        assert got["rejected"] == sum(exp["rejected"].values()), source
        assert got["input"] == got["kept"] + got["rejected"] + got["duplicates_removed"]
    assert rejected == sum((Counter(e["rejected"]) for e in expected.values()), Counter())


def test_build_multiprocess_versions_rerun_and_changed_config(fixture_corpus, tmp_path):
    root, expected = fixture_corpus
    table = tmp_path / "out" / "docs"
    config = load_config(fixture_config(root, table))

    first = build(config, MULTIPROCESS)
    assert first.version == 0 and first.rejects_version == 0
    check_counts(first.summary, expected)
    assert first.summary["stages"] == {"ingest": "active", "deid": "active", "langid": "active", "quality": "active",
                                       "dedup": "active", "write": "active"}
    v0 = rows(table, 0)
    assert v0.height == first.summary["counts"]["kept"]
    assert v0["doc_id"].n_unique() == v0.height
    # the documents ingest and dedup parked while they waited are gone with the run
    assert not list((table / "_medcorpus" / "runs").glob("*/parked*"))
    # the later record reusing id n3 wins
    assert v0.filter(pl.col("source_id") == sid("notes", "n3"))["text"].item() == "a later record reusing id n3"
    assert "Discharge summary.\nPatient discharged home." in v0["text"].to_list()  # CRLF normalised
    assert any("医生您好" in t for t in v0["text"].to_list())  # GB18030 decoded

    # shards: zstd, sorted by doc_id, the canonical schema
    for uri in DeltaTable(str(table)).file_uris():
        meta = pq.ParquetFile(uri)
        assert meta.metadata.row_group(0).column(0).compression == "ZSTD"
        ids = meta.read(columns=["doc_id"])["doc_id"].to_pylist()
        assert ids == sorted(ids)
        assert meta.schema_arrow.remove_metadata().equals(DOCUMENT_SCHEMA.remove_metadata())
    assert len(DeltaTable(str(table)).file_uris()) == -(-v0.height // 20)  # rows_per_shard: 20

    # commit metadata: config, its hash, code version, fingerprints, counts
    info = commit_info(table, 0)
    assert info["config_sha256"] == config.fingerprint() and info["config"]["dataset"] == "fixture"
    assert info["code_version"].startswith("0.1.0")
    # input paths are keyed pseudonyms (a file name may be a patient's name), extension kept
    notes_input = next(i for i in info["inputs"] if i["path"] == make_file_name(KEY, "notes", "notes.jsonl"))
    assert notes_input["sha256"] == hashlib.sha256((root / "notes.jsonl").read_bytes()).hexdigest()
    dialogues = make_file_name(KEY, "dialogues", "dialogues.csv")
    assert dialogues.endswith(".csv")
    assert next(i for i in info["inputs"] if i["path"] == dialogues)["encoding"] == "gb18030"
    assert info["counts"] == first.summary["counts"]
    assert info["rejects"] == {"table": str(table) + "_rejects", "version": 0}

    # rejects: one per bad record, with reason and position, never the raw text
    rejects = pl.read_delta(str(table) + "_rejects")
    assert rejects.height == first.summary["counts"]["rejected"]
    assert rejects["contains_phi"].all() and rejects["text"].is_null().all()
    bad_byte = rejects.filter(pl.col("reason") == "undecodable_bytes").row(0, named=True)
    assert bad_byte["source_id"] == sid("notes", "notes.jsonl:43") and bad_byte["provenance"]["row"] == 43
    assert not rejects["detail"].str.contains("bad").any()

    # same config, same inputs: a new version with the same rows
    second = build(config, MULTIPROCESS)
    assert second.version == 1
    assert rows(table, 1).equals(v0)
    assert rows(table, 0).equals(v0)  # the old version stays readable

    # changed config: the next version reflects it
    stricter = load_config(fixture_config(root, table, max_doc_chars=40))
    third = build(stricter, MULTIPROCESS)
    assert third.version == 2
    assert third.summary["counts"]["kept"] < first.summary["counts"]["kept"]
    assert third.summary["counts"]["rejected_by_stage"]["ingest"]["too_large"] > 1
    assert commit_info(table, 2)["config_sha256"] != commit_info(table, 1)["config_sha256"]


def test_portable_runner_gives_the_same_rows(fixture_corpus, tmp_path):
    root, expected = fixture_corpus
    direct = build(load_config(fixture_config(root, tmp_path / "direct")), IN_MEMORY)
    portable = build(load_config(fixture_config(root, tmp_path / "portable")), PORTABLE)
    check_counts(portable.summary, expected)
    assert rows(tmp_path / "portable").equals(rows(tmp_path / "direct"))
    assert portable.summary["counts"] == direct.summary["counts"]


def test_a_local_build_opens_no_network_connection(fixture_corpus, tmp_path, monkeypatch):
    # Beam's DirectRunner first tries PrismRunner, which fetches a binary from GitHub
    attempts = []

    def record(*args, **kwargs):
        attempts.append(args[-1] if args else kwargs)
        raise OSError("no network in this test")
    for name in ("connect", "connect_ex"):
        monkeypatch.setattr(socket.socket, name, record)
    monkeypatch.setattr(socket, "getaddrinfo", record)
    root, expected = fixture_corpus
    result = build(load_config(fixture_config(root, tmp_path / "docs")), IN_MEMORY)
    check_counts(result.summary, expected)
    assert attempts == []


class _FailingShardWriter(write_mod._WriteShardFn):
    def process(self, element):
        if element[0] == 1:
            raise RuntimeError("worker died while writing shard 1")
        yield from super().process(element)


def test_a_failed_run_leaves_no_visible_version(fixture_corpus, tmp_path, monkeypatch):
    root, _ = fixture_corpus
    table = tmp_path / "docs"
    config = load_config(fixture_config(root, table))
    build(config, IN_MEMORY)
    before = rows(table)

    monkeypatch.setattr(write_mod, "_WriteShardFn", _FailingShardWriter)
    with pytest.raises(Exception, match="worker died"):
        build(config, IN_MEMORY)
    assert DeltaTable(str(table)).version() == 0
    assert DeltaTable(str(table) + "_rejects").version() == 0
    assert rows(table).equals(before)
    # the shards the failed run did write exist on disk but are in no version
    written = {p.name for p in table.glob("part-*.parquet")}
    committed = {Path(u).name for u in DeltaTable(str(table)).file_uris()}
    assert written - committed


class _DropOne(beam.DoFn):
    def process(self, doc):
        if doc["source_id"] != sid("notes", "n7"):
            yield doc


class _LossyQuality(ScoreQuality):
    """A buggy stage that silently loses a document."""

    def make_fn(self):
        return _DropOne()


def test_an_unbalanced_run_fails_loudly_and_commits_nothing(fixture_corpus, tmp_path, monkeypatch):
    root, _ = fixture_corpus
    table = tmp_path / "docs"
    chain = tuple(_LossyQuality if cls is ScoreQuality else cls for cls in build_mod.STAGE_CLASSES)
    monkeypatch.setattr(build_mod, "STAGE_CLASSES", chain)
    with pytest.raises(BuildError, match=r"does not balance .*\['notes'\]"):
        build(load_config(fixture_config(root, table)), IN_MEMORY)
    assert not DeltaTable.is_deltatable(str(table))


def test_rejects_schema_is_what_the_rejects_table_holds(fixture_corpus, tmp_path):
    root, _ = fixture_corpus
    table = tmp_path / "docs"
    build(load_config(fixture_config(root, table)), IN_MEMORY)
    uri = DeltaTable(str(table) + "_rejects").file_uris()[0]
    assert pq.read_schema(uri).remove_metadata().equals(REJECT_SCHEMA.remove_metadata())


def test_a_disabled_stage_says_so_everywhere(fixture_corpus, tmp_path):
    """enabled: false passes documents through, and the summary, the commit metadata and the card
    all say the stage was disabled (not active)."""
    root, _ = fixture_corpus
    table = tmp_path / "docs"
    path = fixture_config(root, table)
    raw = yaml.safe_load(path.read_text())
    raw["stages"]["dedup"] = {"enabled": False}
    path.write_text(yaml.safe_dump(raw, allow_unicode=True))
    result = build(load_config(path), IN_MEMORY)
    assert result.summary["stages"]["dedup"] == "disabled"
    assert list(result.summary["stages"]) == list(STAGES)  # the one pipeline order
    assert "disabled: dedup" in build_mod.format_summary(result.summary)
    assert "dedup" not in result.summary["counts"]["rejected_by_stage"]
    assert commit_info(table, 0)["stages"]["dedup"] == "disabled"
    card = (Path(result.summary["dataset_card"])).read_text(encoding="utf-8")
    assert "dedup stage was disabled" in card and "dedup (disabled)" in card
    assert pl.read_delta(str(table)).get_column("dedup").is_null().all()


def test_demo_config_on_the_sample_corpus(tmp_path):
    """The shipped demo config over freshly generated sample data: every malformed line is
    rejected for its own reason, every gold note is kept with its text intact."""
    import yaml

    from medcorpus.pipelines.config import parse_config
    from medcorpus.sample_data.generator import write_sample_corpus

    manifest = write_sample_corpus(tmp_path / "build" / "demo" / "input")
    raw = yaml.safe_load((REPO / "configs" / "demo.yaml").read_text())
    # the demo config's paths are relative to configs/: give it the same layout under tmp_path
    config = parse_config(raw, tmp_path / "configs", "demo.yaml")
    result = build(config, MULTIPROCESS)

    by_source = result.summary["counts"]["by_source"]
    malformed = manifest["files"]["malformed.jsonl"]
    assert by_source["malformed"] == {"input": malformed["lines"], "kept": malformed["valid"],
                                      "rejected": malformed["bad"], "duplicates_removed": 0}
    kinds = Counter(malformed["line_kinds"])
    assert result.summary["counts"]["rejected_by_stage"]["ingest"] == {
        "malformed_record": kinds["invalid_json"] + kinds["not_object"],
        "missing_field": kinds["missing_text"] + kinds["text_not_string"],
        "empty_text": kinds["empty_text"] + kinds["whitespace_text"],
        "undecodable_bytes": kinds["invalid_utf8"],
        "too_large": kinds["text_too_long"],
    }
    docs = pl.read_delta(result.table)
    kept_malformed = set(docs.filter(pl.col("source") == "malformed")["source_id"])
    assert kept_malformed == {sid("malformed", i) for i in malformed["valid_ids"]}
    gold = [json.loads(line) for line in (tmp_path / "build/demo/input/notes_en.jsonl").read_text().splitlines()]
    raw_id = {sid("notes_en", n["id"]): n["id"] for n in gold}  # source_ids are keyed pseudonyms
    notes_en = docs.filter(pl.col("source") == "notes_en").select("source_id", "text")
    texts = {raw_id[k]: v for k, v in notes_en.iter_rows()}
    # each planted kind meets the stage made for it: copies collapse, other languages and junk go
    rejects = pl.read_delta(result.rejects_table).filter(pl.col("source") == "notes_en")
    fate = {raw_id.get(r["source_id"]): (r["stage"], r["reason"]) for r in rejects.iter_rows(named=True)}
    kinds = {n["id"]: n["kind"] for n in gold}
    for n in gold:
        if n["kind"] == "exact_duplicate":  # one of the two copies is removed as the other's duplicate
            assert (fate.get(n["id"], ("", ""))[1] == "exact_duplicate"
                    or fate.get(n["duplicate_of"], ("", ""))[1] == "exact_duplicate"
                    or "quality" in (fate.get(n["id"], ("",))[0], fate.get(n["duplicate_of"], ("",))[0])), n["id"]
    assert all(fate.get(i, ("",))[0] == "langid" for i, k in kinds.items() if k == "foreign")
    junk = [i for i, k in kinds.items() if k == "junk"]
    assert sum(fate.get(i, ("",))[0] in ("quality", "langid") for i in junk) >= 0.8 * len(junk)
    notes = [i for i, k in kinds.items() if k == "note"]
    filtered = [i for i in notes if fate.get(i, ("",))[0] in ("langid", "quality")]
    assert len(filtered) <= 0.03 * len(notes), [fate[i] for i in filtered]
    assert all(i in texts or fate[i][0] in ("dedup", "langid", "quality") for i in notes)
    # every document went through de-identification, and the gold PHI is gone from the stored text
    assert docs["deid"].struct.field("mode").eq("surrogate").all()
    notes = [n for n in gold if n["kind"] == "note"]
    assert len(notes) == 300
    values = [(n["id"], n["text"][s["start"]:s["end"]]) for n in notes for s in n["spans"]]
    long_values = [(doc_id, v) for doc_id, v in values if len(v) >= 5]  # short ones recur by chance
    leaked = [v for doc_id, v in long_values if v in texts.get(doc_id, "")]
    assert len(leaked) <= 0.02 * len(long_values), leaked[:20]
    zh = docs.filter(pl.col("source") == "dialogues_zh")
    # the sample dialogues reuse a small pool of consultations: what is not kept went as a duplicate
    zh_removed = result.summary["counts"]["by_source"]["dialogues_zh"]["duplicates_removed"]
    assert zh.height + zh_removed == manifest["files"]["dialogues_zh.csv"]["rows"] and (zh["lang"] == "zh").all()


def test_every_version_is_validated_before_it_is_published(fixture_corpus, tmp_path):
    """A build validates its staged shards, commits with the result, writes the card and
    self-contained Data Docs; a version that fails is committed (nothing lost) but refused."""
    import re

    import yaml

    from medcorpus.reports.datadocs import external_references
    from medcorpus.pipelines import datasets as ds

    root, _ = fixture_corpus
    table = tmp_path / "docs"
    path = fixture_config(root, table)
    raw = yaml.safe_load(path.read_text())
    # count bounds loose: this test is about the gate, not about how much the filter stages keep
    raw["validation"] = {"min_kept_fraction": 0.0, "min_docs_per_source": 0}
    path.write_text(yaml.safe_dump(raw))
    good = build(load_config(path), IN_MEMORY)
    v = good.summary["validation"]
    assert v["status"] == "passed", v.get("details")
    assert commit_info(table, 0)["validation"]["status"] == "passed"
    run = table / "_medcorpus" / "runs" / good.run_id
    assert Path(v["data_docs"]) == run / "data-docs" / "index.html"
    assert external_references(str(run / "data-docs")) == []
    card = json.loads((run / "dataset-card.json").read_text())
    assert card["version"] == 0 and card["conservation"]["kept"] == good.summary["counts"]["kept"]
    assert "deid-report.html" in (run / "dataset-card.html").read_text()
    assert "validation passed" in build_mod.format_summary(good.summary)

    raw["validation"] = {"min_kept_fraction": 0.0, "min_docs_per_source": 0, "sources": {"notes": {"min": 1000}}}
    path.write_text(yaml.safe_dump(raw))
    bad = build(load_config(path), IN_MEMORY)
    assert bad.version == 1 and bad.summary["validation"]["status"] == "failed"
    assert bad.summary["validation"]["failed"] == ["sources/sources.min_kept"]
    assert re.search(r"notes kept \d+ < 1000", build_mod.format_summary(bad.summary))
    with pytest.raises(table_mod.InvalidVersionError, match="version 1 .*failed validation.*earlier version that did not "
                                                     "fail is 0"):
        ds.open_dataset(str(table))
    assert ds.open_dataset(str(table), allow_invalid=True).collect().height == bad.summary["counts"]["kept"]
    assert [i.validation for i in ds.list_versions(str(table))] == ["passed", "failed"]


def test_append_adds_each_run_to_the_latest_version(fixture_corpus, tmp_path):
    """output.mode append: a version holds the one before it plus what the run kept; what the version
    already holds (same text, or same doc_id with other text) is removed as a duplicate of it; a table
    that moved while the run deduplicated refuses the commit."""
    import yaml

    from medcorpus.pipelines import datasets as ds

    root, _ = fixture_corpus
    table = tmp_path / "docs"
    path = fixture_config(root, table)
    raw = yaml.safe_load(path.read_text())
    raw["output"]["mode"] = "append"
    raw["stages"]["dedup"] = {"against": "latest"}
    raw["validation"] = {"min_kept_fraction": 0.0, "min_docs_per_source": 0}
    path.write_text(yaml.safe_dump(raw, allow_unicode=True))

    first = build(load_config(path), IN_MEMORY)
    v0 = rows(table, 0)
    assert first.version == 0 and first.summary["appended_to"] is None
    assert first.summary["documents_in_version"] == v0.height == first.summary["counts"]["kept"]

    old = {r["source_id"]: r for r in v0.filter(pl.col("source") == "notes").iter_rows(named=True)}
    new_note = "Follow-up visit: blood pressure controlled on amlodipine 5 mg daily; return in three months."
    extra = [{"id": "new1", "text": new_note}, {"id": "copy1", "text": old[sid("notes", "n5")]["text"]},
             {"id": "n7", "text": "Progress note 7, revised: metformin stopped after lactic acidosis."}]
    with (root / "notes.jsonl").open("a") as f:
        f.write("".join(json.dumps(e) + "\n" for e in extra))
    second = build(load_config(path), IN_MEMORY)
    assert second.version == 1 and second.summary["appended_to"] == 0
    assert second.summary["counts"]["kept"] == 1  # everything else is in version 0 already
    v1 = rows(table, 1)
    assert v1.height == v0.height + 1 == second.summary["documents_in_version"]
    assert v1["doc_id"].n_unique() == v1.height
    assert v1.filter(~pl.col("doc_id").is_in(v0["doc_id"].to_list()))["text"].to_list() == [new_note]
    assert rows(table, 0).equals(v0)  # the version appended to stays as it was
    rejects = pl.read_delta(str(table) + "_rejects", version=second.rejects_version)
    fate = {(r["source_id"], r["reason"]): r["duplicate_of"] for r in rejects.iter_rows(named=True)}
    n5, n7 = old[sid("notes", "n5")]["doc_id"], old[sid("notes", "n7")]["doc_id"]
    assert fate[(sid("notes", "n7"), "id_in_version")] == n7  # (its first record: duplicate_source_id)
    assert fate[(sid("notes", "copy1"), "exact_duplicate")] == n5
    assert fate[(sid("notes", "n5"), "exact_duplicate")] == n5  # re-read unchanged: a copy of its earlier self
    assert ds.open_dataset(str(table)).collect().height == v1.height  # validated, readable
    printed = build_mod.format_summary(second.summary)
    assert f"appended to version 0: {v1.height} documents in all" in printed
    assert "id already in the version      1" in printed
    card = json.loads((table / "_medcorpus" / "runs" / second.run_id / "dataset-card.json").read_text())
    assert card["lineage"]["appended_to"] == 0 and card["documents"]["rows"] == v1.height

    with pytest.raises(table_mod.CommitConflictError, match="moved from version 0 to 1"):
        table_mod.commit_version(str(table), DOCUMENT_SCHEMA, [], {"run_id": "stale"}, "fixture", append_to=0)
    assert DeltaTable(str(table)).version() == 1


def test_a_build_reports_cpu_per_stage_and_progress_while_it_runs(fixture_corpus, tmp_path, monkeypatch, capsys):
    """Worker processes tally what they count; the launcher prints it every interval (lowered
    here) and the summary and the card carry each stage's CPU time."""
    root, expected = fixture_corpus
    monkeypatch.setenv(progress_mod.INTERVAL_ENV, "0.5")
    result = build(load_config(fixture_config(root, tmp_path / "docs")), MULTIPROCESS)

    cpu = result.summary["cpu"]
    counts = result.summary["counts"]
    reached_deid = counts["input"] - sum(counts["rejected_by_stage"]["ingest"].values())
    assert cpu["ingest"]["elements"] == len(result.summary["inputs"])  # timed per file
    assert cpu["deid"]["elements"] == reached_deid  # timed per document
    assert list(cpu) == ["ingest", "deid", "langid", "quality", "dedup", "write"]  # every stage, in pipeline order
    assert all(r["cpu_s"] > 0 and r["us_per_element"] > 0 for r in cpu.values())

    lines = [line for line in capsys.readouterr().err.splitlines() if line.startswith("[medcorpus build]")]
    assert len(lines) >= 2
    read = [int(m.group(1).replace(",", "")) for m in map(re.compile(r" read ([\d,]+) ").search, lines) if m]
    assert max(read) > 0  # the workers' tallies reached the launcher
    assert any("busy: " in line for line in lines)
    card = Path(result.summary["dataset_card"]).read_text(encoding="utf-8")
    assert "Build cost" in card and "µs per input document" in card


def test_progress_sums_every_process_and_names_the_busy_stage(tmp_path):
    (tmp_path / "11.json").write_text(json.dumps({"counts": {"ingest": {"records": 500}, "deid": {"kept": 100}},
                                                  "cpu_us": {"deid": 9_000_000}, "last_active": {"deid": 5.0}}))
    (tmp_path / "12.json").write_text(json.dumps({"counts": {"deid": {"kept": 80, "rejected": 20}},
                                                  "cpu_us": {"deid": 1_000_000, "langid": 10}, "last_active": {}}))
    (tmp_path / "13.json.tmp").write_text("{half written")
    now = progress_mod.read_tallies(tmp_path)
    assert now["counts"]["deid"] == {"kept": 180, "rejected": 20}
    line = progress_mod.progress_line(["ingest", "deid", "langid", "write"], now, None, 10.0, 10.0, 6.0)
    assert line.startswith("10s  read 500  deid 200  langid 0  written 0  50 read/s")
    assert line.endswith("busy: deid (20 docs/s)")
    # nothing used CPU since the last line: the stage still short of its inflow is named
    now["counts"]["ingest"]["kept"] = 200
    idle = progress_mod.progress_line(["ingest", "deid", "dedup", "write"], now, now, 75.0, 2.0, 65.0)
    assert idle.startswith("1m15s") and idle.endswith("busy: dedup (shuffling or setting up; last count 1m00s ago)")


@pytest.mark.parametrize("spoil, message", [
    (lambda d: d.update(lang=True), "field lang must be string, got bool"),
    (lambda d: d.pop("metadata"), r"missing=\['metadata'\]"),
    (lambda d: d["provenance"].update(row="3"), "field provenance.row must be int64, got str"),
    (lambda d: d["provenance"].update(page=2), r"provenance has unexpected members \['page'\]"),
    (lambda d: d.update(dedup={"exact_hash": 5, "cluster_id": None, "cluster_size": None}),
     "field dedup.exact_hash must be string, got int"),
])
def test_keep_refuses_what_the_schema_refuses_in_its_words(spoil, message):
    doc = make_document(source="s", source_id="1", text="a note", prov=provenance("jsonl", "/in/a.jsonl", 1, 0))
    assert keep("deid", doc) is doc
    spoil(doc)
    with pytest.raises(ValueError, match=message):
        keep("deid", doc)
