"""HTML to PDF with WeasyPrint: fonts from the system (Debian's fonts-noto-core covers Latin,
Arabic and Persian), right-to-left from the document's `dir`. Kept in this one small module so
that a shared `core/pdf.py` can replace it."""

import logging


def html_to_pdf(html: str, *, base_url: str | None = None) -> bytes:
    from weasyprint import HTML

    # WeasyPrint reports every CSS property it ignores; that is not our business.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    return HTML(string=html, base_url=base_url).write_pdf()
