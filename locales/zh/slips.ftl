# 中文输入法的笔误，按编辑的本意读取
# 每条消息以问题代码命名（`.` 换成 `-`）；.help 是提示行，.about 是计数时对这类问题的称呼。

slip-full-width-colon = `{ $key }` 后面是全角冒号“：”，已按英文冒号读取
    .help = 改成英文冒号加空格：`{ $key }: …`；`plansite check --fix` 可自动改正
    .about = 字段名后的全角冒号，已按 `:` 读取

slip-invisible = `{ $key }` 这一行有看不见的字符 { $char }，已去掉
    .help = 这类字符多是从 Word 或网页复制来的；删掉它，或运行 `plansite check --fix`
    .about = 字段名或值前后的不可见字符，已去掉

slip-full-width-digits = `{ $key }` 的值 `{ $value }` 用了全角数字，已按半角数字读取
    .help = 在英文输入状态下输入数字，例如 `{ $key }: { $digits }`
    .about = 数字或日期中的全角数字，已按半角数字读取

slip-list-separator = `{ $key }` 的各项之间用了“{ $char }”，已按逗号分成几项
    .help = 用英文逗号加空格分开各项，例如 `{ $key }: [帮扶, 女职工]`
    .about = 列表各项之间的 `，` 或 `、`，已按 `, ` 读取

slip-list-brackets = `{ $key }` 的列表用了全角括号“{ $char }”，已按方括号读取
    .help = 用英文方括号，例如 `{ $key }: [帮扶, 女职工]`
    .about = 列表外的全角括号，已按 `[ ]` 读取

slip-unknown-key-colon = `{ $key }` 后面是全角冒号“：”，但 `{ $key }` 不是已知的字段名，这一行无法读取
    .help = 字段名后面用英文冒号加空格，已知的字段有 { $known }
    .help-known = 是不是 `{ $known }`？改成 `{ $known }: …`，用英文冒号加空格
    .about = 不是已知字段名的词后面跟了全角冒号

# plansite check --fix 逐条列出的改动

slip-change-colon = “：”改为“: ”
slip-change-invisible = 去掉了 { $char }
slip-change-digits = `{ $value }` 改为 `{ $digits }`
slip-change-separator = “{ $char }”改为“, ”
slip-change-brackets = “{ $char }”改为方括号
slip-change-none = 未改动，需要手工改正
