"""Every example in README.md runs as written, or is skipped here with the reason.

The README's fenced ``bash`` blocks give one example per command (continuation lines joined, comments
cut), its ``python`` blocks one example each. Each runs in a temporary folder holding stand-ins for the
files and tables the examples name (``STAND_INS``), with the project's ``.venv/bin`` first on PATH.
``SKIPPED`` lists the examples that cannot run here, each with its reason, and must name exactly
README examples: a new example is either run or consciously skipped.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.dataset_helpers import commit, docs

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
VENV_BIN = Path(sys.executable).parent
FENCE = re.compile(r"^```(bash|python)\n(.*?)^```", re.M | re.S)
KEY = "readme-examples-test-key-0123456789"  # the README has users export their own MEDCORPUS_DEID_KEY

SYNOPSIS = "a usage synopsis with placeholders (TABLE, N, NAME, DIR); tests/pipelines/test_cli.py and tests/pipelines/test_datasets.py " \
           "run each command with real arguments"
SKIPPED = {
    "make demo": "installs into .venv (pip); the build it runs is covered by the build examples run here",
    "make test": "runs the whole test suite, this test included",
    "medcorpus versions TABLE [--json]": SYNOPSIS,
    "medcorpus tag TABLE --version N NAME [--force|--delete]": SYNOPSIS,
    "medcorpus pull TABLE (--version N | --tag T) --to DIR [--allow-invalid]": SYNOPSIS,
    "medcorpus diff TABLE A B [--json]": SYNOPSIS,
    "medcorpus explain-rejects TABLE [--version N] --source S [--reason R] [-n 20]": SYNOPSIS,
    "medcorpus build --config corpus.yaml --direct_num_workers=2":
        "the build of `.venv/bin/medcorpus build --config corpus.yaml` (run here) with one Beam option, which "
        "tests/pipelines/test_cli.py passes to every build it runs; a second build would double this test's time",
    "medcorpus build --config corpus.yaml --runner=PortableRunner --job_endpoint=embed --environment_type=LOOPBACK":
        "the same build on another runner: tests/pipelines/test_pipeline.py::test_portable_runner_gives_the_same_rows runs "
        "exactly this runner and options; a second build here would double this test's time",
    "pip install -e '.[gcp]'": "installs packages (and needs the package index)",
    "gcloud auth application-default login": "needs Google Cloud credentials and the network",
    "medcorpus build --config corpus-gcs.yaml --runner=DataflowRunner --project=my-project --region=europe-west4 "
    "--temp_location=gs://my-bucket/tmp --staging_location=gs://my-bucket/staging --setup_file=./pyproject.toml "
    "--machine_type=n2-standard-4 --max_num_workers=20": "runs on Google Dataflow with gs:// paths",
    "medcorpus build --config corpus-gcs.yaml --runner=DataflowRunner --project=my-project --region=europe-west4 "
    "--temp_location=gs://my-bucket/tmp --dry_run=true": "lists gs:// inputs (needs credentials); "
    "tests/pipelines/test_dataflow_job.py runs the same dry run on local inputs, offline",
}

# what the examples name, and what stands in for it here
STAND_INS = {
    "out/hospital-notes/documents": "python examples: a table of 10 small versions, version 7 failed validation, tag "
                                    "release-3 -> 3; build examples: corpus.yaml's output.table",
    "corpus.yaml": "the README's config shape on 40 synthetic notes (medcorpus sample-data), output.table "
                   "out/hospital-notes/documents",
    "build/demo/corpus/documents": "a copy of the table the build examples committed (make demo's table, smaller)",
    "notes.jsonl, papers.jsonl, gold.jsonl": "synthetic notes from medcorpus sample-data (with gold spans)",
}


def examples() -> list[tuple[str, str]]:
    """(language, example) for every example in the README, in order."""
    out = []
    for lang, body in FENCE.findall(README.read_text(encoding="utf-8")):
        if lang == "python":
            out.append(("python", body.strip()))
            continue
        for line in body.replace("\\\n", " ").splitlines():
            command = " ".join(re.sub(r"(^|\s)#.*$", "", line).split())  # no example quotes a '#'
            if command:
                out.append(("bash", command))
    return out


def run_example(lang: str, example: str, cwd: Path) -> None:
    env = {**os.environ, "PATH": f"{VENV_BIN}{os.pathsep}{os.environ['PATH']}", "MEDCORPUS_DEID_KEY": KEY,
           "PYTHONWARNINGS": "ignore"}
    argv = ["bash", "-c", example] if lang == "bash" else [sys.executable, "-c", example]
    result = subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, f"README example failed ({result.returncode}):\n{example}\n{result.stderr[-3000:]}"


PYTHON = [e for lang, e in examples() if lang == "python"]
BASH = [e for lang, e in examples() if lang == "bash" and e not in SKIPPED]  # run in README order


def test_the_skip_list_names_exactly_readme_examples():
    """Every example not skipped is run below; a skip whose example left the README must go too."""
    found = {example for _, example in examples()}
    assert set(SKIPPED) <= found, f"skipped but no longer in the README: {set(SKIPPED) - found}"
    assert len(PYTHON) + len(BASH) + len(SKIPPED) == len(examples())
    assert BASH and PYTHON  # the extraction found the blocks


def _versions_table(table: Path) -> None:
    for version in range(10):
        failed = version == 7
        commit(table, docs("notes", range(version + 2)), run_id=f"run{version}",
               status="failed" if failed else "passed", failed=["documents/phi.ssn"] if failed else None)
    from medcorpus.pipelines.datasets import set_tag

    set_tag(str(table), "release-3", 3)


@pytest.mark.parametrize("example", PYTHON, ids=[f"python-{i}" for i in range(len(PYTHON))])
def test_python_example_runs(example, tmp_path):
    _versions_table(tmp_path / "out" / "hospital-notes" / "documents")
    run_example("python", example, tmp_path)


@pytest.fixture(scope="module")
def workdir(tmp_path_factory) -> Path:
    """Stand-ins for the bash examples' files; the build examples write the tables."""
    work = tmp_path_factory.mktemp("readme")
    (work / ".venv").symlink_to(VENV_BIN.parent)  # `.venv/bin/medcorpus` as in a checkout
    subprocess.run([str(VENV_BIN / "medcorpus"), "sample-data", "--out", str(work / "sample"), "--n-en", "40",
                    "--n-zh", "0"], check=True, capture_output=True, timeout=600)
    notes = (work / "sample" / "notes_en.jsonl").read_text(encoding="utf-8").splitlines()
    (work / "data" / "notes").mkdir(parents=True)
    (work / "data" / "notes" / "notes.jsonl").write_text("\n".join(notes) + "\n", encoding="utf-8")
    for name, lines in (("notes.jsonl", notes[:20]), ("papers.jsonl", notes[20:30]), ("gold.jsonl", notes[:20])):
        (work / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    config = {
        "dataset": "hospital-notes",
        "sources": [{"name": "notes", "format": "jsonl", "path": "data/notes/*.jsonl", "id": "id",
                     "text": "text", "lang_field": "lang", "metadata": ["note_type"]}],
        "output": {"table": "out/hospital-notes/documents", "rows_per_shard": 100},
    }
    (work / "corpus.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    return work


@pytest.mark.slow
def test_bash_examples_run_in_readme_order(workdir):
    for example in BASH:
        if "build/demo/corpus/documents" in example and not (workdir / "build" / "demo" / "corpus").exists():
            shutil.copytree(workdir / "out" / "hospital-notes" / "documents",
                            workdir / "build" / "demo" / "corpus" / "documents")
        run_example("bash", example, workdir)
    manifest = json.loads((workdir / "packed" / "manifest.json").read_text())
    assert manifest["complete"] and manifest["shards"]
    assert (workdir / "tok.json").exists() and (workdir / "notes.deid.jsonl").exists()
