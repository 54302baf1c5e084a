"""Word lists that are facts of English, one module per kind, shared by every rule that needs them.

Vocabulary is data: the rules in `transforms.dates`, `transforms.numbers` and `transforms.claims`
import these tables instead of keeping copies of their own.
"""
