"""Image decoding, dual-energy maths, pseudo-colour and enhancement (pure numpy/OpenCV)."""
