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
