import ctypes, ctypes.util, json, sys  # usage: extract_article.py PAGE.html [libgleaner-extract.so]
lib = ctypes.CDLL(sys.argv[2] if len(sys.argv) > 2 else ctypes.util.find_library("gleaner-extract"))
lib.gleaner_extract.restype = ctypes.c_void_p
lib.gleaner_extract.argtypes = [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_void_p]
lib.gleaner_extract_json.restype = ctypes.c_char_p
lib.gleaner_extract_json.argtypes = lib.gleaner_extract_free.argtypes = [ctypes.c_void_p]
html = open(sys.argv[1], "rb").read()
result = lib.gleaner_extract(html, len(html), None)  # None: default options
article = json.loads(lib.gleaner_extract_json(result))
lib.gleaner_extract_free(result)
print(article["page_type"], "|", article["title"], "|", article["word_count"], "words")
