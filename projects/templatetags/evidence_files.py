"""Filters for evidence files: `{{ item.size|file_size }}` → `2.0 KB`, `{{ item.content_type|evidence_kind }}`
→ `PDF`."""

from django import template

from projects.evidence import format_size, kind_label

register = template.Library()
register.filter("file_size", format_size)
register.filter("evidence_kind", kind_label)
