# 整个网站与模板
# 每条消息以问题代码命名（`.` 换成 `-`）；.help 是提示行，.about 是计数时对这类问题的称呼。

unit-slug-clash =
    .about = 网址会相同的单位

tag-slug-clash =
    .about = 网址会相同的标签

static-overwrites-page =
    .about = 占了生成页面位置的静态文件

template-error =
    .about = 模板错误

template-unreadable =
    .about = 无法读取的模板文件

template-not-utf8 =
    .about = 不是 UTF-8 文本的模板
