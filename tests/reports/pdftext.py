"""Reading PDFs back for assertions: per-page text (whitespace normalised), images and fonts."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader
from pypdf.generic import DictionaryObject


def page_texts(path: Path) -> list[str]:
    """Each page's extracted text with runs of whitespace collapsed (table cells wrap)."""
    return [" ".join((page.extract_text() or "").split()) for page in PdfReader(path).pages]


def all_text(path: Path) -> str:
    return " ".join(page_texts(path))


def image_pages(path: Path) -> list[int]:
    """1-based numbers of the pages that draw at least one image XObject."""
    found = []
    for number, page in enumerate(PdfReader(path).pages, start=1):
        resources = page.get("/Resources")
        xobjects = resources.get_object().get("/XObject") if resources is not None else None
        if xobjects is None:
            continue
        kinds = [xobjects.get_object()[name].get_object().get("/Subtype") for name in xobjects.get_object()]
        if "/Image" in kinds:
            found.append(number)
    return found


def embedded_fonts(path: Path) -> set[str]:
    """Base names of fonts whose program is embedded in the file (TrueType subsets)."""
    names = set()
    for page in PdfReader(path).pages:
        resources = page["/Resources"].get_object()
        fonts = resources.get("/Font") if isinstance(resources, DictionaryObject) else None
        table = fonts.get_object() if fonts is not None else DictionaryObject()
        if not isinstance(table, DictionaryObject):
            continue
        for ref in table.values():
            font = ref.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is not None and "/FontFile2" in descriptor.get_object():
                names.add(str(font["/BaseFont"]))
    return names
