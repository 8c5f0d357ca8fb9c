"""The `medcorpus` command.

Each command imports what it runs inside its own function: `build` pulls in Beam, presidio and
great-expectations (seconds), which `versions` or `--help` should not pay for.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import os
import sys
import threading
import time

from medcorpus.transforms.deid.keys import MissingKeyError

# start-up chatter Beam's worker processes print on our stderr before any option can quiet them
WORKER_NOISE = (b"apitools not found", b"Logging handler created.")


@contextlib.contextmanager
def _filtered_stderr(drop: tuple[bytes, ...]):
    """Beam's local workers are child processes writing to our file descriptor 2: route it through
    a pipe and pass on every line but the known start-up noise."""
    sys.stderr.flush()
    saved = os.dup(2)
    read_end, write_end = os.pipe()
    os.dup2(write_end, 2)
    os.close(write_end)

    def pump() -> None:
        with os.fdopen(read_end, "rb") as lines:
            for line in lines:
                if not any(d in line for d in drop):
                    os.write(saved, line)

    thread = threading.Thread(target=pump, name="stderr-filter", daemon=True)
    thread.start()
    try:
        yield
    finally:
        sys.stderr.flush()
        os.dup2(saved, 2)  # the pipe closes once the workers holding it have exited
        thread.join(timeout=2)


def _build(args: argparse.Namespace, beam_args: list[str]) -> int:
    from medcorpus.pipelines.build import (
        BeamOptionsError, BuildError, beam_option_parser, build, dataflow_dry_run, format_summary, is_dry_run,
    )
    from medcorpus.pipelines.config import ConfigError, load_config
    from medcorpus.table import CommitConflictError, StorageError

    if args.help_beam:
        beam_option_parser().print_help()
        return 0
    if not args.config:
        print("medcorpus build: --config is required", file=sys.stderr)
        return 2
    try:
        config = load_config(args.config)
        if is_dry_run(beam_args):
            job = dataflow_dry_run(config, beam_args)
            print(f"dry run: Dataflow job {job['job_name']} built offline, not submitted: {job['transforms']} "
                  f"transforms, {job['input_files']} input files; steps: {', '.join(job['steps'])}; workers "
                  f"install {job['setup_file'] or 'nothing (no --setup_file)'}")
            return 0
        with _filtered_stderr(() if args.verbose else WORKER_NOISE):
            result = build(config, beam_args)
    except (ConfigError, FileNotFoundError, BuildError, MissingKeyError, CommitConflictError, StorageError) as exc:
        print(f"medcorpus build: {exc}", file=sys.stderr)
        # 2: the user's input (config, options, key, an unwritable output path); 1: the run itself failed
        if isinstance(exc, StorageError):
            return 2 if exc.users_path else 1
        return 1 if isinstance(exc, (BuildError, CommitConflictError)) and not isinstance(exc, BeamOptionsError) else 2
    print(format_summary(result.summary))
    # 3: a version was committed but failed validation (kept for inspection, refused by readers)
    return 3 if result.summary.get("validation", {}).get("status") == "failed" else 0


def _sample_data(args: argparse.Namespace, _beam_args: list[str]) -> int:
    from medcorpus.sample_data import generator as synthetic

    synthetic.main(["--out", args.out, "--seed", str(args.seed), "--n-en", str(args.n_en), "--n-zh", str(args.n_zh)])
    return 0


def _deid_config(args: argparse.Namespace):
    from medcorpus.transforms.deid.stage import DeidConfig

    return DeidConfig(mode=args.mode, patient_field=args.patient_field)


def _deid(args: argparse.Namespace, _beam_args: list[str]) -> int:
    """De-identify a JSONL file: every line keeps its fields, `text` is replaced, `deid`
    holds the span records. Lines that cannot be read go to the rejects file, by number."""

    from medcorpus.transforms.deid.stage import Deidentifier
    from medcorpus.transforms.deid.surrogates import Surrogates

    try:
        deidentifier = Deidentifier(_deid_config(args))
    except RuntimeError as exc:
        print(f"medcorpus deid: {exc}", file=sys.stderr)
        return 2
    if not os.path.isfile(args.input):
        print(f"medcorpus deid: no input file {args.input}", file=sys.stderr)
        return 2
    rejects_path = args.rejects or f"{args.output}.rejects.jsonl"
    done = rejected = 0
    # a live line on a terminal (share of the file read, records, rate); elsewhere only the summary
    live, size, started = sys.stderr.isatty(), max(os.path.getsize(args.input), 1), time.monotonic()
    last, erase = started, ""  # erase: clears the live line before a message, once one is drawn
    with open(args.input, "rb") as src, open(args.output, "w", encoding="utf-8") as out, \
            open(rejects_path, "w", encoding="utf-8") as bad:
        for number, raw in enumerate(src, 1):
            if live and time.monotonic() - last >= 0.5:
                last = time.monotonic()
                erase = "\r\x1b[K"
                sys.stderr.write(f"{erase}deid {100 * src.tell() / size:5.1f}% {done + rejected:,} records "
                                 f"({rejected:,} rejected) {(done + rejected) / (last - started):,.0f} records/s")
                sys.stderr.flush()
            if not raw.strip():
                continue
            try:
                record = json.loads(raw.decode("utf-8"))
                json.dumps(record, ensure_ascii=False).encode("utf-8")  # a lone "\ud800" escape cannot be written
            except UnicodeDecodeError:
                reason, record = "undecodable_bytes", None
            except (ValueError, RecursionError):  # bad JSON, a lone surrogate, too deep, a number too long
                reason, record = "malformed_record", None
            else:
                reason = "malformed_record" if not isinstance(record, dict) else \
                    None if isinstance(record.get(args.text_field), str) else "missing_field"
            if reason:
                print(f"{erase}medcorpus deid: line {number} skipped: {reason}", file=sys.stderr)
                bad.write(json.dumps({"line": number, "reason": reason}) + "\n")
                rejected += 1
                continue
            text = record[args.text_field]
            metadata = record.get(args.patient_field) if args.patient_field else None
            scope = f"patient:{metadata}" if metadata not in (None, "") else f"line:{number}"
            surrogates = Surrogates(deidentifier.key, scope) if args.mode == "surrogate" else None
            try:
                new_text, spans, lang = deidentifier.text(text, record.get("lang"), surrogates, args.profile)
            except Exception as exc:  # quarantined like the stage does: by line and error type, never text
                bad.write(json.dumps({"line": number, "reason": "deid_failed", "error": type(exc).__name__}) + "\n")
                rejected += 1
                continue
            record[args.text_field] = new_text
            record["deid"] = {"mode": args.mode, "profile": args.profile, "lang": lang, "spans": spans}
            record.pop("spans", None)  # gold spans would point at the original text
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            done += 1
    seconds = time.monotonic() - started
    print(f"{erase}de-identified {done} records into {args.output}; "
          f"{rejected} rejected lines in {rejects_path} ({seconds:,.1f} s, {(done + rejected) / max(seconds, 1e-9):,.0f} "
          "records/s)", file=sys.stderr)
    return 0


def _sign_off(args: argparse.Namespace, _beam_args: list[str]) -> int:
    from medcorpus.reports.deid_report import record_sign_off

    if not os.path.isfile(args.report):
        raise SystemExit(f"medcorpus: no report at {args.report}")
    try:
        json_path, html_path = record_sign_off(args.report, reviewer=args.reviewer, decision=args.decision,
                                               notes=args.notes)
    except (ValueError, KeyError) as exc:
        raise SystemExit(f"medcorpus: {exc}") from None
    print(f"signed off ({args.decision}): {json_path}, {html_path}")
    return 0


def _deid_eval(args: argparse.Namespace, _beam_args: list[str]) -> int:
    from medcorpus.reports.deid_eval import format_table
    from medcorpus.pipelines.build import code_version
    from medcorpus.reports.deid_report import evaluate_gold, report_for_gold
    from medcorpus.transforms.deid.stage import Deidentifier

    deidentifier = Deidentifier(_deid_config(args))
    if args.report:
        result, (json_path, html_path) = report_for_gold(deidentifier, args.gold, args.report,
                                                         code_version=code_version())
        print(format_table(result))
        print(f"report: {html_path} (JSON: {json_path})")
    else:
        print(format_table(evaluate_gold(deidentifier, args.gold)))
    return 0


def _storage_options(args: argparse.Namespace) -> dict[str, str] | None:
    pairs = getattr(args, "storage_option", None) or []
    bad = [p for p in pairs if "=" not in p]
    if bad:
        raise SystemExit(f"medcorpus: --storage-option takes KEY=VALUE, got {bad[0]!r}")
    return dict(p.split("=", 1) for p in pairs) or None


def _dataset_command(func):
    """Run a versions/tag/pull/diff command; DatasetErrors become one line on stderr, exit 2."""
    def run(args: argparse.Namespace, _beam_args: list[str]) -> int:
        from medcorpus.table import DatasetError

        try:
            return func(args)
        except DatasetError as exc:
            print(f"medcorpus {args.command}: {exc}", file=sys.stderr)
            return 3 if type(exc).__name__ == "InvalidVersionError" else 2
    return run


@_dataset_command
def _versions(args: argparse.Namespace) -> int:

    from medcorpus.pipelines.datasets import as_dict, list_versions

    infos = list_versions(args.table, _storage_options(args))
    if args.json:
        print(json.dumps([as_dict(i) for i in infos], ensure_ascii=False, indent=1))
        return 0
    header = f"{'version':>7}  {'committed (UTC)':<25}  {'input':>8}  {'kept':>8}  {'rejected':>8}  {'dups':>6}  " \
             f"{'validation':<13}  tags"
    print(header)
    for i in infos:
        num = lambda n: "" if n is None else str(n)  # noqa: E731
        print(f"{i.version:>7}  {i.timestamp:<25}  {num(i.input):>8}  {num(i.kept):>8}  {num(i.rejected):>8}  "
              f"{num(i.duplicates_removed):>6}  {i.validation:<13}  {', '.join(i.tags)}")
        if i.failed_expectations:
            print(f"{'':>9}failed: {', '.join(i.failed_expectations)}")
    from medcorpus.pipelines.build import orphaned_rejects  # Beam: only once the listing is printed

    for version, run_id in orphaned_rejects(args.table, None, _storage_options(args)):
        print(f"rejects version {version}: orphaned: run {run_id} never committed documents (its launcher "
              "stopped between the two commits; build again)")
    return 0


def _reveal_id(args: argparse.Namespace, _beam_args: list[str]) -> int:
    """Key holders only: recompute every pseudonym from the inputs and print the matches' raw ids."""
    from medcorpus.pipelines.config import ConfigError, load_config
    from medcorpus.transforms.deid.keys import deid_key
    from medcorpus.transforms.ingest.stage import reveal

    try:
        config = load_config(args.config)
        key = deid_key(config.stages.deid.key_source)
        wanted = set(args.ids)
        found = set()
        for match in reveal(list(config.sources), key, wanted):
            found.add(match["pseudonym"])
            print(json.dumps(match, ensure_ascii=False))
    except (ConfigError, FileNotFoundError, MissingKeyError) as exc:
        print(f"medcorpus reveal-id: {exc}", file=sys.stderr)
        return 2
    for missing in sorted(wanted - found):
        print(f"medcorpus reveal-id: {missing} matches no record or file of these inputs with this key",
              file=sys.stderr)
    return 0 if found == wanted else 1


@_dataset_command
def _tag(args: argparse.Namespace) -> int:
    from medcorpus.pipelines.datasets import delete_tag, set_tag

    if args.delete:
        delete_tag(args.table, args.name)
        print(f"tag {args.name!r} removed from {args.table}")
        return 0
    if args.version is None:
        raise SystemExit("medcorpus tag: --version N is required (or --delete)")
    set_tag(args.table, args.name, args.version, force=args.force, storage_options=_storage_options(args))
    print(f"tag {args.name!r} -> version {args.version} of {args.table}")
    return 0


@_dataset_command
def _pull(args: argparse.Namespace) -> int:
    from medcorpus.pipelines.datasets import pull

    m = pull(args.table, args.to, args.version, args.tag, allow_invalid=args.allow_invalid,
             storage_options=_storage_options(args))
    status = m["validation"]["status"]
    print(f"pulled version {m['version']}{' (tag ' + m['tag'] + ')' if m['tag'] else ''} of {args.table}: "
          f"{len(m['files'])} shards, {m['rows']} documents, validation {status}")
    print(f"  into      {args.to}")
    print(f"  manifest  {args.to.rstrip('/')}/manifest.json (sha256 per shard; check with `sha256sum -c SHA256SUMS`)")
    return 0


@_dataset_command
def _diff(args: argparse.Namespace) -> int:

    from medcorpus.pipelines.datasets import diff, failed_validation_lines

    d = diff(args.table, args.a, args.b, storage_options=_storage_options(args))
    if args.json:
        print(json.dumps(d, ensure_ascii=False, indent=1))
        return 0
    print(f"{args.table}: version {d['a']} -> version {d['b']}")
    for line in failed_validation_lines(d):
        print(f"  {line}")
    print(f"  {'source':<24} {'added':>8} {'removed':>8} {'changed':>8} {'unchanged':>10}")
    for source, r in [*d["by_source"].items(), ("(all)", d["totals"])]:
        print(f"  {source:<24} {r['added']:>8} {r['removed']:>8} {r['changed']:>8} {r['unchanged']:>10}")
    return 0


@_dataset_command
def _explain_rejects(args: argparse.Namespace) -> int:
    from medcorpus.reports.explain_rejects import explain_rejects, format_explanation

    result = explain_rejects(args.table, args.source, version=args.version, reason=args.reason, limit=args.n,
                             storage_options=_storage_options(args))
    print("\n".join(format_explanation(result)))
    return 0


@_dataset_command
def _pack(args: argparse.Namespace) -> int:
    from medcorpus.training import PackConfig, format_pack_summary, pack_version

    config = PackConfig(seq_len=args.seq_len, algorithm=args.algorithm, seed=args.seed,
                        shuffle=not args.no_shuffle, add_special_tokens=args.add_special_tokens,
                        drop_last=args.drop_last, window_docs=args.window_docs,
                        window_bytes=args.window_mib << 20, text_column=args.text_column)
    eod = int(args.eod) if args.eod is not None and args.eod.isdigit() else args.eod
    pad = int(args.pad) if args.pad is not None and args.pad.isdigit() else args.pad
    try:
        result = pack_version(args.table, args.tokenizer, args.out, version=args.version, config=config,
                              device=args.device, eod=eod, pad=pad, batch_docs=args.batch_docs,
                              progress=False if args.quiet else None, tag=args.tag,
                              allow_invalid=args.allow_invalid)
    except (ValueError, RuntimeError, FileNotFoundError) as exc:
        print(f"medcorpus pack: {exc}", file=sys.stderr)
        return 2
    print(format_pack_summary(result.summary))
    print(f"  written to {result.out} (manifest.json, summary.json)")
    return 0


@_dataset_command
def _train_tokenizer(args: argparse.Namespace) -> int:
    from medcorpus.training import train_tokenizer

    try:
        info = train_tokenizer(args.table, args.out, version=args.version, vocab_size=args.vocab_size,
                               min_frequency=args.min_frequency, special_tokens=args.special_tokens,
                               text_column=args.text_column, max_docs=args.max_docs,
                               progress=sys.stderr.isatty(), tag=args.tag, allow_invalid=args.allow_invalid)
    except (ValueError, RuntimeError, FileNotFoundError) as exc:
        print(f"medcorpus train-tokenizer: {exc}", file=sys.stderr)
        return 2
    print(f"tokenizer {info['tokenizer']}: vocab {info['vocab_size']}, trained on {info['documents']:,} documents "
          f"of {info['table']} version {info['version']} in {info['seconds']} s; special {info['special_tokens']}; "
          f"sha256 {info['sha256']}")
    return 0


def _add_pack_commands(sub) -> None:
    """``pack`` and ``train-tokenizer``: the last step before training, on a committed version."""
    from medcorpus.training import ALGORITHMS, DEFAULT_SPECIAL_TOKENS, DEVICES

    p = sub.add_parser("pack", help="tokenize a version and pack it into Megatron .bin/.idx shards",
                       description="Tokenize one version of a documents table with a tokenizer.json and pack it "
                                   "into sequences (Megatron .bin/.idx + cu_seqlens). Resumable: a rerun skips "
                                   "finished shards.")
    p.add_argument("table", help="the documents Delta table (path or URI)")
    which = p.add_mutually_exclusive_group()
    which.add_argument("--version", type=int, default=None, help="table version (default: latest)")
    which.add_argument("--tag", help="the version a tag names")
    p.add_argument("--allow-invalid", action="store_true", help="pack a version that failed validation")
    p.add_argument("--tokenizer", required=True, help="a Hugging Face tokenizers tokenizer.json")
    p.add_argument("--seq-len", type=int, default=4096)
    p.add_argument("--out", required=True, help="output folder (shards, manifest.json, summary.json)")
    p.add_argument("--algorithm", choices=ALGORITHMS, default="bfd",
                   help="bfd: best-fit decreasing, no document shorter than seq-len cut (default); "
                        "concat: concatenate and chunk")
    p.add_argument("--seed", type=int, default=0, help="seed of the per-shard sequence shuffle")
    p.add_argument("--no-shuffle", action="store_true", help="keep sequences in packing order")
    p.add_argument("--eod", default=None, help="EOD token or id (default: <|endoftext|>, </s>, ... from the tokenizer)")
    p.add_argument("--pad", default=None,
                   help="pad token or id for the Dataset (default: <|pad|>, <pad>, ... else EOD)")
    p.add_argument("--add-special-tokens", action="store_true",
                   help="apply the tokenizer's post-processor (BOS etc.) to every document")
    p.add_argument("--drop-last", action="store_true", help="concat: drop each shard's last partial sequence")
    p.add_argument("--window-docs", type=int, default=100_000, help="documents per shard (at most)")
    p.add_argument("--window-mib", type=int, default=64, help="MiB of text per shard (at most, one document over)")
    p.add_argument("--text-column", default="text")
    p.add_argument("--device", choices=DEVICES, default="auto",
                   help="auto: torch on CUDA when available for windows of 1M+ tokens, else numpy; cuda: always "
                        "CUDA; cpu: numpy; torch-cpu: torch code on the CPU (same bytes every way)")
    p.add_argument("--batch-docs", type=int, default=2048, help="documents per encode_batch call")
    p.add_argument("--quiet", action="store_true", help="no progress line")
    p.set_defaults(func=_pack)

    t = sub.add_parser("train-tokenizer", help="train a byte-level BPE tokenizer on a version (offline)")
    t.add_argument("table", help="the documents Delta table (path or URI)")
    which = t.add_mutually_exclusive_group()
    which.add_argument("--version", type=int, default=None, help="table version (default: latest)")
    which.add_argument("--tag", help="the version a tag names")
    t.add_argument("--allow-invalid", action="store_true", help="train on a version that failed validation")
    t.add_argument("--out", required=True, help="where to write tokenizer.json")
    t.add_argument("--vocab-size", type=int, default=32_000)
    t.add_argument("--min-frequency", type=int, default=2)
    t.add_argument("--special-tokens", nargs="+", default=list(DEFAULT_SPECIAL_TOKENS),
                   help="get the first ids, in this order; pack takes <|endoftext|> (or </s>, ...) as EOD "
                        "and <|pad|> (or <pad>, ...) as pad")
    t.add_argument("--text-column", default="text")
    t.add_argument("--max-docs", type=int, default=None, help="train on the first N documents only")
    t.set_defaults(func=_train_tokenizer)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="medcorpus", description="Medical text to versioned training corpora.")
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress (INFO)")
    sub = parser.add_subparsers(dest="command", required=True)

    b = sub.add_parser("build", help="build a new dataset version from a corpus config",
                       description="Build a new dataset version. Arguments after the known ones are Beam pipeline "
                                   "options, e.g. --runner DataflowRunner --project P --region R "
                                   "--temp_location gs://B/tmp; `--help-beam` lists every option Beam knows, "
                                   "and an unknown one is refused before anything runs.")
    b.add_argument("--config", help="corpus YAML config (required)")
    b.add_argument("--help-beam", action="store_true", help="list Beam's pipeline options and exit")
    b.set_defaults(func=_build)

    s = sub.add_parser("sample-data", help="write the bundled synthetic sample corpus (gold PHI spans included)")
    s.add_argument("--out", required=True)
    s.add_argument("--seed", type=int, default=13)
    s.add_argument("--n-en", type=int, default=300)
    s.add_argument("--n-zh", type=int, default=200)
    s.set_defaults(func=_sample_data)

    d = sub.add_parser("deid", help="de-identify a JSONL file (each line keeps its fields; text replaced)")
    d.add_argument("--input", required=True)
    d.add_argument("--output", required=True)
    d.add_argument("--rejects", help="where unreadable lines are listed (default: OUTPUT.rejects.jsonl)")
    d.add_argument("--text-field", default="text")
    d.add_argument("--profile", choices=["clinical", "literature", "none"], default="clinical",
                   help="what is removed: every Safe Harbor category (clinical), contact and identity numbers "
                        "only (literature), or nothing (none)")
    d.set_defaults(func=_deid)

    e = sub.add_parser("deid-eval", help="score de-identification against a gold JSONL set: leak recall "
                                      "(no part of a value left), any-overlap and token scores")
    e.add_argument("--gold", required=True, help='gold JSONL: {"id", "lang", "text", "spans": [{start, end, label}]}')
    e.add_argument("--report", help="folder for the JSON report")
    e.set_defaults(func=_deid_eval, mode="mask")

    so = sub.add_parser("sign-off", help="record a reviewer's decision in a deid-report.json and re-render its HTML")
    so.add_argument("report", help="the deid-report.json")
    so.add_argument("--reviewer", required=True)
    so.add_argument("--decision", required=True, choices=["approve", "approve with conditions", "reject"])
    so.add_argument("--notes", help="conditions or remarks")
    so.set_defaults(func=_sign_off)

    r = sub.add_parser("reveal-id", help="map doc_ids, source_ids and file pseudonyms back to their inputs "
                                         "(needs the key; the output holds PHI)",
                       description="For a compliance officer who holds the deid key and the inputs: re-read the "
                                   "config's inputs, recompute every keyed id and file pseudonym, and print one "
                                   "JSON line per match (source, raw source id, file, row) to stdout. THE OUTPUT "
                                   "HOLDS PHI (MRNs, file names): keep it out of logs, tickets and shared terminals.")
    r.add_argument("--config", required=True, help="the corpus config the version was built from")
    r.add_argument("ids", nargs="+", metavar="DOC_ID", help="doc_id, source_id (sid-...) or file pseudonym (f-...)")
    r.set_defaults(func=_reveal_id)

    v = sub.add_parser("versions", help="list a table's versions: time, tags, counts, validation status")
    v.add_argument("table")
    v.add_argument("--json", action="store_true")
    v.set_defaults(func=_versions)

    t = sub.add_parser("tag", help="name a version (tags live in TABLE/_medcorpus/tags.json)")
    t.add_argument("table")
    t.add_argument("name")
    t.add_argument("--version", type=int)
    t.add_argument("--force", action="store_true", help="move an existing tag")
    t.add_argument("--delete", action="store_true", help="remove the tag")
    t.set_defaults(func=_tag)

    pl_ = sub.add_parser("pull", help="copy one version's shards to a folder, with a manifest of checksums")
    pl_.add_argument("table")
    which = pl_.add_mutually_exclusive_group()
    which.add_argument("--version", type=int, help="default: the latest")
    which.add_argument("--tag")
    pl_.add_argument("--to", required=True, help="destination folder (local or gs://)")
    pl_.add_argument("--allow-invalid", action="store_true", help="pull a version that failed validation")
    pl_.set_defaults(func=_pull)

    df = sub.add_parser("diff", help="documents added, removed and changed between two versions, by source",
                        description="Documents added, removed and changed (same doc_id, other text) from version A "
                                    "to version B, by source. A version that failed validation is compared, not "
                                    "refused: diff shows counts and doc_ids, never documents, and is how a failed "
                                    "build is inspected; the output names each failed version and its failed "
                                    "expectations (--json: failed_validation). Reading its documents "
                                    "(pull, open_dataset) still needs --allow-invalid.")
    df.add_argument("table")
    df.add_argument("a", help="version number or tag")
    df.add_argument("b", help="version number or tag")
    df.add_argument("--json", action="store_true")
    df.set_defaults(func=_diff)

    xr = sub.add_parser("explain-rejects", help="a version's quality rejects of one source, each with the "
                        "signals that pulled its score down (read from the rejects table)")
    xr.add_argument("table", help="the documents table")
    xr.add_argument("--version", type=int, help="documents version (default: the latest)")
    xr.add_argument("--source", required=True)
    xr.add_argument("--reason", help="only this reject reason (default: every quality reject)")
    xr.add_argument("-n", type=int, default=20, help="documents to show (default 20)")
    xr.set_defaults(func=_explain_rejects)

    for command in (v, t, pl_, df, xr):
        command.add_argument("--storage-option", action="append", metavar="KEY=VALUE",
                             help="deltalake object-store option (repeatable)")

    for command in (d, e):
        command.add_argument("--mode", choices=["surrogate", "mask"], default="surrogate" if command is d else "mask")
        command.add_argument("--patient-field", help="field naming the patient (surrogate consistency scope)")
    _add_pack_commands(sub)

    args, rest = parser.parse_known_args(argv)
    if rest and args.command != "build":
        parser.error(f"unrecognized arguments: {' '.join(rest)}")
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    # Beam warns about optional GCP clients at import even when no gs:// path is used
    logging.getLogger().handlers[0].addFilter(lambda r: "apitools not found" not in r.getMessage())
    if not args.verbose:
        # the local job service relays every worker's start-up warnings; rejects and the
        # summary already say what happened to each record
        logging.getLogger("apache_beam.runners.portability.local_job_service").setLevel(logging.ERROR)
    try:
        return args.func(args, rest)
    except MissingKeyError as exc:  # any command that keys ids or surrogates: the user's set-up
        print(f"medcorpus {args.command}: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # "medcorpus deid-eval ... | head -1": the reader left, which is no error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no second error when Python flushes
        return 0


if __name__ == "__main__":
    sys.exit(main())
