"""The ``aecourse`` command: release and grade the exercises.

    aecourse release DEST                      the student version, in DEST
    aecourse grade SUBMISSION [--json FILE]    grade one student's folder
    aecourse grade --batch FOLDER --csv FILE   grade every sub-folder of FOLDER
    aecourse gradescope ZIP                    the Gradescope autograder, in ZIP
    aecourse expected-values [--check]         regenerate (or check) the hidden tests' expected values
    aecourse stubs [--check]                   regenerate (or check) exercises/student/
    aecourse colab [--check]                   regenerate (or check) the chapters' Colab notebooks
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from aecourse import colab
from aecourse.generated_files import stale_generated, write_generated
from aecourse.grading import expected_values, stubs
from aecourse.grading.batch import grade_batch
from aecourse.grading.gradescope import AutograderError, write_autograder
from aecourse.grading.grader import GradingError, GradingSession, default_exercises_root, grade, write_gradescope
from aecourse.grading.progress import ProgressBar
from aecourse.grading.release import ReleaseError, release
from aecourse.grading.requirements import RequirementsError
from aecourse.grading.sandbox import Limits, SandboxError
from aecourse.plain_markdown import MarkdownError

GIB = 1024**3


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="aecourse", description="Release and grade the course's exercises; generate its Colab notebooks.")
    parser.add_argument("--exercises", type=Path, default=None, help="the instructor's exercises folder (default: the repository's)")
    commands = parser.add_subparsers(dest="command", required=True)

    rel = commands.add_parser("release", help="write the student version of the exercises")
    rel.add_argument("dest", type=Path)

    gra = commands.add_parser("grade", help="grade a submission, or a folder of them with --batch")
    gra.add_argument("submission", type=Path, nargs="?")
    gra.add_argument("--json", type=Path, help="also write Gradescope's results.json here")
    gra.add_argument("--batch", type=Path, help="a folder holding one sub-folder per submission")
    gra.add_argument("--csv", type=Path, help="with --batch: where to write the gradebook")
    gra.add_argument("--timeout", type=float, default=300.0, help="seconds per exercise (default 300)")
    gra.add_argument("--only", action="append", metavar="EXERCISE",
                     help="grade only this exercise, e.g. psnr (repeat it for several)")
    gra.add_argument("--jobs", type=int, default=None,
                     help="exercises graded at a time (default: one per core)")
    gra.add_argument("--memory", type=float, default=Limits.memory_bytes / GIB, metavar="GIB",
                     help=f"memory (address space) of each exercise's process, in GiB (default {Limits.memory_bytes / GIB:g})")
    gra.add_argument("--processes", type=int, default=Limits.processes,
                     help=f"processes and threads each exercise may run at once (default {Limits.processes})")
    gra.add_argument("--run-as", metavar="USER", default=None,
                     help="when run as root: the unprivileged user that runs student code (default: nobody)")
    gra.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                     help="with --batch: a progress bar with the time left on stderr (default: when stderr is a terminal)")

    exp = commands.add_parser("expected-values",
                              help="regenerate (or check) the hidden tests' expected values from the solutions")
    exp.add_argument("--check", action="store_true", help="only check that the stored values are what the solutions give")

    gsc = commands.add_parser("gradescope", help="write the Gradescope autograder zip (tests, no solutions)")
    gsc.add_argument("zip", type=Path, help="where to write it, e.g. autograder.zip")

    stu = commands.add_parser("stubs", help="regenerate exercises/student/ from the solutions")
    stu.add_argument("--check", action="store_true", help="only check that the committed stubs are current")

    col = commands.add_parser("colab", help=f"regenerate {colab.COLAB_FOLDER}/ from the book's chapters")
    col.add_argument("--check", action="store_true", help="only check that the committed notebooks are current")
    return parser


def _write_or_check(command: str, expected: dict[str, str], folder: Path, pattern: str, source: str,
                    check: bool) -> int:
    """Write generated files into ``folder``, or with ``check`` list those that are stale (then 1)."""
    if not check:
        for path in write_generated(expected, folder):
            print(f"wrote {path}")
        return 0
    problems = stale_generated(expected, folder, pattern, source)
    for problem in problems:
        print(f"stale: {problem}", file=sys.stderr)
    if problems:
        print(f"Run 'aecourse {command}' to regenerate them.", file=sys.stderr)
        return 1
    return 0


def _colab_notebooks(root: Path, check: bool) -> int:
    try:
        expected = colab.expected_notebooks(root)
    except ModuleNotFoundError as error:
        raise colab.ColabError(
            f"'aecourse colab' reads the book with its packages, and {error.name} is missing: "
            "pip install 'aecourse[book]'."
        ) from error
    return _write_or_check("colab", expected, root / colab.COLAB_FOLDER, "*.ipynb", "chapter", check)


def _expected_values(root: Path, check: bool) -> int:
    """Check the hidden tests' expected values against the solutions, or rewrite the stale ones.

    Values computed by independent code are never rewritten: when the
    solution disagrees with them, that is an error to look into (exit status 1).
    """
    if check:
        stale = [v for v in expected_values.compare(root) if v.differences]
        refused: list[expected_values.Verdict] = []
    else:
        written, refused = expected_values.write(root)
        for path in written:
            print(f"wrote {path}")
        stale = []
    for verdict in stale + refused:
        origin = f" (computed by {verdict.independent}: recompute them with it)" if verdict.independent else ""
        print(f"{'stale' if check else 'not rewritten'}: {verdict.path.name}{origin}: "
              f"{'; '.join(verdict.differences[:3])}", file=sys.stderr)
    if stale and check:
        print("Run 'aecourse expected-values' to regenerate those the solutions compute.", file=sys.stderr)
    return 1 if stale or refused else 0


def _limits(args: argparse.Namespace) -> Limits:
    """Each exercise's limits from ``aecourse grade``'s options."""
    if args.memory <= 0 or args.processes < 1:
        raise GradingError("--memory and --processes must be positive.")
    return Limits(memory_bytes=int(args.memory * GIB), processes=args.processes)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; 0 when it did its job (whatever the grades), 2 when it could not."""
    args = _parser().parse_args(argv)
    root = (args.exercises or default_exercises_root()).resolve()
    try:
        if args.command == "release":
            written = release(args.dest, root)
            print(f"Wrote the student version ({len(written)} files) to {args.dest}; "
                  f"its README.md tells students how to set up, test and hand in.")
        elif args.command == "gradescope":
            names = write_autograder(args.zip, root)
            print(f"Wrote the Gradescope autograder ({len(names)} files) to {args.zip}: upload it as the "
                  "autograder of a programming assignment (README, 'Publish your course').")
        elif args.command == "stubs":
            expected = stubs.expected_stubs(root / "solutions")
            return _write_or_check("stubs", expected, root / "student", "*.py", "solution", args.check)
        elif args.command == "expected-values":
            return _expected_values(root, args.check)
        elif args.command == "colab":
            return _colab_notebooks(default_exercises_root().parent, args.check)
        elif args.batch is not None:
            if args.submission is not None or args.csv is None:
                print("aecourse grade: use either SUBMISSION, or --batch FOLDER --csv FILE.", file=sys.stderr)
                return 2
            show_bar = sys.stderr.isatty() if args.progress is None else args.progress
            grade_batch(args.batch, args.csv, root, args.timeout, progress=lambda line: print(line, flush=True),
                        only=set(args.only) if args.only else None, jobs=args.jobs, limits=_limits(args),
                        run_as=args.run_as, bar=ProgressBar(sys.stderr) if show_bar else None)
            print(f"Gradebook written to {args.csv}")
        else:
            if args.submission is None:
                print("aecourse grade: give a SUBMISSION folder (or --batch FOLDER --csv FILE).", file=sys.stderr)
                return 2
            if not args.submission.is_dir():
                raise GradingError(f"the submission {args.submission.resolve()} is not a folder.")
            with GradingSession(root, _limits(args), args.run_as) as session:
                report = grade(args.submission, root, args.timeout, only=set(args.only) if args.only else None,
                               jobs=args.jobs, session=session)
            print(f"Isolation: {report.isolation.description}")
            print(report.table())
            if args.json is not None:
                write_gradescope(report, args.json)
                print(f"Results written to {args.json}")
    except (GradingError, SandboxError, expected_values.ExpectedValuesError, ReleaseError, RequirementsError,
            AutograderError, stubs.MarkerError, colab.ColabError, MarkdownError, OSError) as error:
        print(f"aecourse: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
