"""Writers: turn the merged graph into files. Every file is written atomically."""
