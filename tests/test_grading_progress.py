import io

from aecourse.grading.progress import ProgressBar, format_seconds


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_the_bar_counts_and_estimates_the_time_left():
    stream, clock = io.StringIO(), Clock()
    bar = ProgressBar(stream, clock)
    bar.start(4)
    assert bar.line().startswith("[" + "." * 30 + "] 0/4 submissions") and "left" not in bar.line()
    clock.now = 30.0
    bar.advance()
    assert bar.line() == "[" + "#" * 7 + "." * 23 + "] 1/4 submissions, 2.0 a minute, about 1 min 30 s left"
    clock.now = 120.0
    bar.advance()
    bar.advance()
    bar.advance()
    assert bar.line().endswith("4/4 submissions, 2.0 a minute, about 0 s left")
    bar.finish()
    assert stream.getvalue().count("\r") == 5 and stream.getvalue().endswith("\n")


def test_format_seconds():
    assert format_seconds(42.4) == "42 s"
    assert format_seconds(75) == "1 min 15 s"
    assert format_seconds(3725) == "1 h 02 min"
