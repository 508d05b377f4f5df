"""Finding a brand, a creation unit or a certificate from the page header."""
