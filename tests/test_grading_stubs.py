import pytest

from aecourse.grading.stubs import MarkerError, make_stub, stale_stubs, write_stubs

SOLUTION = '''"""An exercise."""

import numpy as np


def double(x):
    """Return 2 * x."""
    # BEGIN SOLUTION hint="Multiply by two."
    y = np.asarray(x)
    return 2 * y
    # END SOLUTION


class Thing:
    def size(self):
        # BEGIN SOLUTION
        return 3
        # END SOLUTION
'''


def test_stub_replaces_each_block_with_the_hint():
    stub = make_stub(SOLUTION)
    assert "2 * y" not in stub and "return 3" not in stub
    assert "    raise NotImplementedError('Multiply by two.')\n" in stub
    assert "        raise NotImplementedError('Write your solution here.')\n" in stub
    assert '"""Return 2 * x."""' in stub and "import numpy as np" in stub
    compile(stub, "<stub>", "exec")


def test_stub_raises_not_implemented():
    namespace: dict = {}
    exec(make_stub(SOLUTION), namespace)
    with pytest.raises(NotImplementedError, match="Multiply by two"):
        namespace["double"](1)


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("x = 1\n", "no BEGIN SOLUTION"),
        ("    # BEGIN SOLUTION\nx = 1\n", "never closed"),
        ("    # END SOLUTION\n", "without BEGIN"),
        ("# BEGIN SOLUTION\n# BEGIN SOLUTION\n# END SOLUTION\n", "inside the block"),
    ],
)
def test_malformed_markers_are_named(source, message):
    with pytest.raises(MarkerError, match=message):
        make_stub(source, "ex.py")


def test_stale_stubs_are_found(tmp_path):
    solutions, student = tmp_path / "solutions", tmp_path / "student"
    solutions.mkdir()
    (solutions / "ex.py").write_text(SOLUTION)
    assert stale_stubs(solutions, student) == ["ex.py is missing"]
    write_stubs(solutions, student)
    assert stale_stubs(solutions, student) == []
    (student / "ex.py").write_text("edited")
    (student / "extra.py").write_text("")
    assert stale_stubs(solutions, student) == ["extra.py has no solution", "ex.py differs from what its solution generates"]
