"""The observatory's pages: templates, static files (CSS, JavaScript, the bundled world map),
the highlighted article (:mod:`.highlight`) and the read-only queries (:mod:`.queries`)."""
