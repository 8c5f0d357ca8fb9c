"""The `medcorpus` command."""

from __future__ import annotations

import argparse
import logging
import sys


def _build(args: argparse.Namespace, beam_args: list[str]) -> int:
    from medcorpus.pipelines.build import BuildError, build, format_summary
    from medcorpus.pipelines.config import ConfigError, load_config

    try:
        config = load_config(args.config)
        result = build(config, beam_args)
    except (ConfigError, FileNotFoundError, BuildError) as exc:
        print(f"medcorpus build: {exc}", file=sys.stderr)
        return 2 if isinstance(exc, (ConfigError, FileNotFoundError)) else 1
    print(format_summary(result.summary))
    return 0


def _sample_data(args: argparse.Namespace, _beam_args: list[str]) -> int:
    from medcorpus import synthetic

    synthetic.main(["--out", args.out, "--seed", str(args.seed), "--n-en", str(args.n_en), "--n-zh", str(args.n_zh)])
    return 0


def _deid_config(args: argparse.Namespace):
    from medcorpus.transforms.deid import DeidConfig

    return DeidConfig(mode=args.mode, patient_field=args.patient_field)


def _deid(args: argparse.Namespace, _beam_args: list[str]) -> int:
    """De-identify a JSONL file: every line keeps its fields, `text` is replaced, `deid`
    holds the span records. Lines that cannot be read go to the rejects file, by number."""
    import json

    from medcorpus.transforms.deid import Deidentifier
    from medcorpus.transforms.surrogates import Surrogates

    try:
        deidentifier = Deidentifier(_deid_config(args))
    except RuntimeError as exc:
        print(f"medcorpus deid: {exc}", file=sys.stderr)
        return 2
    rejects_path = args.rejects or f"{args.output}.rejects.jsonl"
    done = rejected = 0
    with open(args.input, "rb") as src, open(args.output, "w", encoding="utf-8") as out, \
            open(rejects_path, "w", encoding="utf-8") as bad:
        for number, raw in enumerate(src, 1):
            if not raw.strip():
                continue
            try:
                record = json.loads(raw.decode("utf-8"))
            except (UnicodeDecodeError, json.JSONDecodeError) as exc:
                reason = "undecodable_bytes" if isinstance(exc, UnicodeDecodeError) else "malformed_record"
                record = None
            else:
                reason = "malformed_record" if not isinstance(record, dict) else \
                    None if isinstance(record.get(args.text_field), str) else "missing_field"
            if reason:
                bad.write(json.dumps({"line": number, "reason": reason}) + "\n")
                rejected += 1
                continue
            text = record[args.text_field]
            metadata = record.get(args.patient_field) if args.patient_field else None
            scope = f"patient:{metadata}" if metadata not in (None, "") else f"line:{number}"
            surrogates = Surrogates(deidentifier.key, scope) if args.mode == "surrogate" else None
            new_text, spans, lang = deidentifier.text(text, record.get("lang"), surrogates)
            record[args.text_field] = new_text
            record["deid"] = {"mode": args.mode, "lang": lang, "spans": spans}
            record.pop("spans", None)  # gold spans would point at the original text
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            done += 1
    print(f"de-identified {done} records into {args.output}; {rejected} unreadable lines in {rejects_path}",
          file=sys.stderr)
    return 0


def _deid_eval(args: argparse.Namespace, _beam_args: list[str]) -> int:
    from medcorpus.deid_eval import format_table
    from medcorpus.deid_report import evaluate_gold, report_for_gold
    from medcorpus.transforms.deid import Deidentifier

    deidentifier = Deidentifier(_deid_config(args))
    if args.report:
        result, (json_path, html_path) = report_for_gold(deidentifier, args.gold, args.report)
        print(format_table(result))
        print(f"report: {html_path} (JSON: {json_path})")
    else:
        print(format_table(evaluate_gold(deidentifier, args.gold)))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="medcorpus", description="Medical text to versioned training corpora.")
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress (INFO)")
    sub = parser.add_subparsers(dest="command", required=True)

    b = sub.add_parser("build", help="build a new dataset version from a corpus config",
                       description="Build a new dataset version. Arguments after the known ones are Beam pipeline "
                                   "options, e.g. --runner DataflowRunner --project P --region R "
                                   "--temp_location gs://B/tmp.")
    b.add_argument("--config", required=True, help="corpus YAML config")
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
    d.set_defaults(func=_deid)

    e = sub.add_parser("deid-eval", help="score de-identification against a gold JSONL set")
    e.add_argument("--gold", required=True, help='gold JSONL: {"id", "lang", "text", "spans": [{start, end, label}]}')
    e.add_argument("--report", help="folder for the JSON report")
    e.set_defaults(func=_deid_eval, mode="mask")

    for command in (d, e):
        command.add_argument("--mode", choices=["surrogate", "mask"], default="surrogate" if command is d else "mask")
        command.add_argument("--patient-field", help="field naming the patient (surrogate consistency scope)")

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
    return args.func(args, rest)


if __name__ == "__main__":
    sys.exit(main())
