"""Reading the old system's texts: `detect.parse_text` (pure, no ORM) then `loader.load_project` (writes)."""

# Raised whenever what the importer reads from a file changes, so that a re-run reads unchanged files again
# (their content hashes are remembered per version, `models.LegacyFile`).
IMPORTER_VERSION = 2
