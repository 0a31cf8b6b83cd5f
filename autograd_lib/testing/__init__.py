"""Chapter 9's tools for testing an autograd engine: finite differences, gradcheck, op registry."""
