"""Reading the old system's texts: `detect.parse_text` (pure, no ORM) then `loader.load_project` (writes)."""
