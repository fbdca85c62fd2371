"""Issue 20: the three PDFs in Simplified Chinese. Built with the zh_CN catalog (read from the .ts),
read back: the Chinese title, headings, labels and page text are there, on every page "第 x 页，共 y
页" with the true page count, and the same report in English has none of it."""

from __future__ import annotations

import dataclasses
import io
from pathlib import Path
from typing import Any

import pytest

from reports.cli import EXIT_OK, main
from reports.cohort_report import write_cohort_report
from reports.cycle_summary import write_cycle_summary
from reports.i18n import ENGLISH, fill, load, parse_ts
from reports.summary_data import CycleSummary

from .conftest import cohort_summary
from .pdftext import embedded_fonts, page_texts
from .resource_case import add_resource_case

ZH = load("zh_CN")


def _squash(text: str) -> str:
    """Text without spaces: a Chinese line that wraps reads back with a space at the break."""
    return "".join(text.split())


def _pages_numbered_in_chinese(pages: list[str]) -> None:
    total = len(pages)
    for number, text in enumerate(pages, start=1):
        assert f"第 {number} 页，共 {total} 页" in text
        assert "Page " not in text
        assert "含患者数据" in text or "本中心汇总数据" in text  # the footer notice, in Chinese


def test_catalog_reads_finished_translations_only(tmp_path: Path) -> None:
    ts = tmp_path / "x.ts"
    ts.write_text(
        '<?xml version="1.0" encoding="utf-8"?><TS version="2.1"><context><name>C</name>'
        "<message><source>Done</source><translation>完成</translation></message>"
        '<message><source>Draft</source><translation type="unfinished">草稿</translation></message>'
        '<message><source>Old</source><translation type="vanished">旧</translation></message>'
        "</context></TS>",
        encoding="utf-8",
    )
    assert parse_ts(ts) == {("C", "Done"): "完成"}
    source = "Cycle summary: %1, cycle %2"
    assert fill(ZH.translate("CycleSummary", source), "S-1", 2) == "周期小结：S-1，第 2 周期"
    assert fill(ENGLISH.translate("CycleSummary", source), "S-1", 2) == "Cycle summary: S-1, cycle 2"
    assert fill("%2 %1 %10", *"abcdefghij") == "b a j"  # %1 does not eat the 1 of %10
    assert load("xx_XX") is ENGLISH


def test_cycle_summary_in_chinese(full: CycleSummary, tmp_path: Path) -> None:
    zh, en = tmp_path / "zh.pdf", tmp_path / "en.pdf"
    write_cycle_summary(full, zh, ZH)
    write_cycle_summary(full, en)
    pages = page_texts(zh)
    text = _squash(" ".join(pages))
    subject = full.patient.subject_id
    assert f"周期小结：{subject}，第{full.cycle.number}周期" in text
    for heading in ("给药", "毒性", "图表", "本周期的提示", "受试者", "周期日期", "迄今治疗天数"):
        assert heading in text
    assert "提示仅供参考，绝非给药指示。" in text
    _pages_numbered_in_chinese(pages)
    assert len(pages) == len(page_texts(en))  # Chinese headings do not push the layout over a page
    assert any("WenQuanYiMicroHei" in name for name in embedded_fonts(zh))  # CJK glyphs embedded
    assert "周期小结" not in " ".join(page_texts(en))


def test_cohort_report_in_chinese(tmp_path: Path) -> None:
    out = tmp_path / "cohort.pdf"
    write_cohort_report(dataclasses.replace(cohort_summary(), demo=True), out, ZH)
    pages = page_texts(out)
    text = _squash(" ".join(pages))
    assert "队列报告：本中心皮下注射贝林妥欧单抗（blinatumomab）的毒性" in text
    for heading in ("治疗", "森林图", "信号", "定义", "试验参考", "所有给药方案（合并）", "结论"):
        assert heading in text
    _pages_numbered_in_chinese(pages)
    assert "本中心汇总数据" in pages[-1]
    assert all("合成演示数据-非患者记录" in _squash(page) for page in pages)  # the demo label, translated
    assert "SYNTHETIC" not in text


def test_resource_report_in_chinese_from_the_command_line(
    repo: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_resource_case(repo)
    db = Path(repo.path)
    repo.close()
    out = tmp_path / "resources.pdf"
    monkeypatch.setenv("TOXTRACK_LANG", "zh_CN")
    err = io.StringIO()
    assert main(["resources", "--db", str(db), "--out", str(out)], stderr=err) == EXIT_OK, err.getvalue()
    pages = page_texts(out)
    text = _squash(" ".join(pages))
    assert "资源报告：皮下注射贝林妥欧单抗（blinatumomab）与静脉方案的对比" in text
    for heading in (
        "每周期静脉与皮下对比（所有患者）",
        "按患者和周期",
        "假设、来源及未公开的内容",
        "软件版本",
    ):
        assert heading in text
    _pages_numbered_in_chinese(pages)
