"""The figures of a run as the runner prints them."""

from __future__ import annotations

import statistics

from bench.load.load import RunResult


def percentile(values: list[float], share: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def print_figures(name: str, result: RunResult) -> None:
    latencies = result.stats.latencies
    milliseconds = [1000 * seconds for seconds in latencies]
    sizes = result.stats.page_bytes
    p50, p95, p99 = (percentile(milliseconds, share) for share in (0.5, 0.95, 0.99))
    print(
        f"{name}: {len(latencies)} pages in {result.seconds:.1f} s = "
        f"{result.pages_per_second:.0f} pages/s; latency p50 {p50:.0f} ms, p95 {p95:.0f} ms, "
        f"p99 {p99:.0f} ms; mean page {statistics.fmean(sizes) / 1024 if sizes else 0:.1f} KiB; "
        f"workers' CPU {result.cpu_ms_per_page:.1f} ms per page"
    )


def print_errors(result: RunResult) -> None:
    """What the respondents saw besides their pages: error pages by status, cut connections,
    and anyone who gave up or was stopped by an unexpected page."""
    errors = result.stats.errors
    server_errors = sum(count for status, count in errors.items() if status.startswith("5"))
    seen = ", ".join(f"{status}: {count}" for status, count in sorted(errors.items())) or "none"
    print(f"  5xx: {server_errors}; error pages and failed requests seen: {seen}")
    print(f"  respondents finished: {len(result.finished)}, stopped: {len(result.failed)}")
    for number, reason in sorted(result.failed.items())[:5]:
        print(f"  ! respondent {number}: {reason}")
