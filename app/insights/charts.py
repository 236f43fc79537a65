"""Accessible bar charts drawn on the server as SVG: a title and a description for screen readers, and always
shown beside a table with the same numbers (no chart without its data). No JavaScript, no external library."""

from markupsafe import Markup

ROW, LABEL_WIDTH, WIDTH = 28, 240, 680


def bar_chart(*, chart_id: str, title: str, description: str, data: list[tuple[str, int | str]]) -> Markup:
    """Horizontal bars; a suppressed value ("fewer than 5") is written out and drawn without a bar."""
    numbers = [value if isinstance(value, int) else 0 for _label, value in data]
    top = max([*numbers, 1])
    height = ROW * len(data) + 10
    room = WIDTH - LABEL_WIDTH - 110
    parts = [
        Markup(
            '<svg class="chart" viewBox="0 0 {w} {h}" width="100%" role="img" '
            'aria-labelledby="{id}-title {id}-desc" xmlns="http://www.w3.org/2000/svg">'
            '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>'
        ).format(w=WIDTH, h=height, id=chart_id, title=title, desc=description)
    ]
    for index, ((label, value), number) in enumerate(zip(data, numbers, strict=True)):
        y = index * ROW + 5
        bar = round(room * number / top)
        parts.append(
            Markup(
                '<text x="{lx}" y="{ty}" text-anchor="end" font-size="14">{label}</text>'
                '<rect x="{bx}" y="{ry}" width="{bar}" height="18" fill="#1d70b8"></rect>'
                '<text x="{vx}" y="{ty}" font-size="14">{value}</text>'
            ).format(
                lx=LABEL_WIDTH - 8,
                ty=y + 17,
                label=label[:32],
                bx=LABEL_WIDTH,
                ry=y + 3,
                bar=bar,
                vx=LABEL_WIDTH + bar + 6,
                value=value,
            )
        )
    parts.append(Markup("</svg>"))
    return Markup("").join(parts)


def describe(data: list[tuple[str, int | str]], unit: str) -> str:
    """A one-sentence description of the biggest values, for the chart's <desc>."""
    numbers = [(label, value) for label, value in data if isinstance(value, int)]
    ranked = sorted(numbers, key=lambda item: -item[1])[:3]
    return "; ".join(f"{label}: {value} {unit}" for label, value in ranked)
