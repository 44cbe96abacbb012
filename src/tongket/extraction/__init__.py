"""Read published meeting reports (text or HTML) into records.

A plain library: no database and no Django settings are needed. ``extract`` turns one
document into the record described in the extraction contract; ``decode_bytes`` reads raw
bytes in the encodings old portals used.
"""

from tongket.extraction.decoding import decode_bytes
from tongket.extraction.errors import ExtractionError
from tongket.extraction.record import extract, extract_document

__all__ = ["ExtractionError", "decode_bytes", "extract", "extract_document"]
