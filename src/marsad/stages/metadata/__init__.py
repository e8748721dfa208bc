"""Title, publisher, wire agency and publication date of an article.

Where each comes from, strongest first:

* ``published``: the header field ``published`` (given by the user, basis ``given``), the date
  in the body's dateline (basis ``dateline``), the header fields ``date_extracted`` / ``date``
  (basis ``header``); otherwise ``None``.
* ``publisher`` / ``wire``: the dateline at the top of the body ("(پاکستان پوائنٹ نیوز / سبوتنيك
  - 22 يوليو 2021ء)", "القاهرة (رويترز) -", "سبق- الرياض:", "عين اليوم – أنقرة") matched against
  the ``news_agencies`` table on the normalized view; the header ``source`` (and ``url``
  domain) names the publisher when the dateline does not, and wins over a publisher-kind name
  in the dateline (which is then the credit, i.e. the wire).
* ``title``: the header field ``title``, else the body's first line when it is a headline
  (short, no sentence-final period, followed by a blank line).

A dateline's date is read by the times stage (:func:`~marsad.stages.times.dates_in_tokens`:
every form it reads, both calendars); it counts when it is a full day (``_DATELINE_RULES``) in
a dateline that credits an agency or outlet ("القاهرة (رويترز) 3 مارس 2016 -", "بيروت 3 آذار 2016
(أ ف ب) -", "الرياض 25 شوال 1436 هـ الموافق 10 أغسطس 2015 م واس"), or on a short line that is only
a place and a date; a day and month without a year take the year nearest the header's date,
also KUNA's numeric «الكويت - 5 - 8 (كونا)». A credit line without a date takes the date of the
line below it (SPA's «وكالة الأنباء السعودية تحييكم ...»); a line that is only an author and a
gazetteer place («أحمد البشيري – الباحة») is a dateline without a credit; an outlet after a
preposition («كشف لـ(عكاظ)») is running text. These shapes are the ``datelines`` block of the
``news_agencies`` table. Nothing here raises on odd input: a missing piece is ``None``.

The stage is a package of small modules by concern: ``model`` (the :class:`Metadata` record),
``text`` (lines and words of the view), ``agencies`` (the ``news_agencies`` matcher and the
header's outlet), ``dates`` (month names, header dates and the dates of a dateline),
``context`` (what the dateline finder reads and the ``datelines`` shapes), ``dateline`` (the shapes of a dateline),
``title`` (the headline) and ``stage`` (the stage itself).
"""

from .agencies import agency_matcher
from .dates import build_month_lookup, month_lookup
from .model import Metadata
from .stage import extract_metadata

__all__ = ["Metadata", "extract_metadata", "agency_matcher", "build_month_lookup", "month_lookup"]
