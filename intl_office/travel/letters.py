# ruff: noqa: RUF001 -- Chinese text takes full-width punctuation.
"""The invitation letters' wording until the office edits it (title, body with placeholders, signature), by
language. The first migration stores it as the office's templates; a letter falls back to it when a template row is
missing."""

DEFAULT_LETTERS = {
    "en": (
        "Letter of Invitation",
        "Dear {guest_name},\n\n"
        "On behalf of {unit} of Beijing Jiaotong University, it is my pleasure to invite you, of {institution} "
        "(passport number {passport_number}), to visit Beijing Jiaotong University from {starts_on} to {ends_on}.\n\n"
        "Purpose of the visit: {purpose}\n\n"
        "Expenses: {payer}.\n\n"
        "Your host at BJTU will be {host}. We look forward to welcoming you in Beijing.",
        "International Office\nBeijing Jiaotong University",
    ),
    "zh-hans": (
        "邀请函",
        "尊敬的{guest_name}：\n\n"
        "北京交通大学{unit}诚挚邀请{institution}的您（护照号码：{passport_number}）于{starts_on}至{ends_on}"
        "访问北京交通大学。\n\n"
        "访问目的：{purpose}\n\n"
        "费用：{payer}。\n\n"
        "您在北京交通大学的接待人为{host}。我们期待在北京与您见面。",
        "北京交通大学国际合作与交流处",
    ),
}
