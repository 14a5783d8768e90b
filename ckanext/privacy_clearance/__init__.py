"""privacy_clearance: no dataset becomes public without its department's
data-protection clearance (Datenschutzfreigabe)."""
