"""Bar charts drawn on the server as SVG geometry: the template turns these numbers into <rect> and <text>.

Nothing here needs JavaScript or CSS: every position and size is computed in Python, so a chart reads the same
with scripts off, and the template gives each chart a title, a description and the same numbers in a table.
"""

from dataclasses import dataclass, field

# Geometry in SVG user units; the <svg> scales to its container through its viewBox.
WIDTH = 720
LABEL_WIDTH = 260
VALUE_GAP = 6
VALUE_WIDTH = 48
BAR_HEIGHT = 18
ROW_HEIGHT = 26
TOP = 6


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    y: int
    width: float

    @property
    def text_y(self) -> int:
        return self.y + BAR_HEIGHT - 4

    @property
    def value_x(self) -> float:
        return LABEL_WIDTH + self.width + VALUE_GAP


@dataclass(frozen=True)
class BarChart:
    """A horizontal bar chart: one bar per (label, value) row, scaled to the largest value."""

    chart_id: str
    title: str
    description: str
    bars: list[Bar] = field(default_factory=list)

    width: int = WIDTH
    label_width: int = LABEL_WIDTH
    bar_height: int = BAR_HEIGHT

    @property
    def height(self) -> int:
        return TOP * 2 + ROW_HEIGHT * max(len(self.bars), 1)

    @property
    def label_x(self) -> int:
        return LABEL_WIDTH - VALUE_GAP

    @property
    def total(self) -> int:
        return sum(bar.value for bar in self.bars)

    @property
    def is_empty(self) -> bool:
        return not self.bars


def bar_chart(chart_id: str, *, title: str, description: str, rows: list[tuple[str, int]]) -> BarChart:
    """Lay out `rows` (label, value) as bars; the longest bar fills the plot area."""
    plot_width = WIDTH - LABEL_WIDTH - VALUE_GAP - VALUE_WIDTH
    largest = max((value for _label, value in rows), default=0)
    bars = [
        Bar(
            label=label,
            value=value,
            y=TOP + index * ROW_HEIGHT,
            width=round(plot_width * value / largest, 1) if largest else 0,
        )
        for index, (label, value) in enumerate(rows)
    ]
    return BarChart(chart_id=chart_id, title=title, description=description, bars=bars)
