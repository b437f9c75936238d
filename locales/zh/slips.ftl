# 中文输入法的笔误，按编辑的本意读取
# 每条消息以问题代码命名（`.` 换成 `-`）；.help 是提示行，.about 是计数时对这类问题的称呼。

slip-full-width-colon =
    .about = 字段名后的全角冒号，已按 `:` 读取

slip-invisible =
    .about = 字段名或值前后的不可见字符，已去掉

slip-full-width-digits =
    .about = 数字或日期中的全角数字，已按半角数字读取

slip-list-separator =
    .about = 列表各项之间的 `，` 或 `、`，已按 `, ` 读取

slip-list-brackets =
    .about = 列表外的全角括号，已按 `[ ]` 读取

slip-unknown-key-colon =
    .about = 不是已知字段名的词后面跟了全角冒号
