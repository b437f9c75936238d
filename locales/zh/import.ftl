# import 命令：每个文件一行说明，要核对的地方，以及文件为什么没有导入

# $from：值从哪里来（JSON 里的 `from`）
import-from = { $from ->
        [option] 命令行参数
        [title_property] 文档标题属性
        [title_style] 标题样式
        [prominent] 首个大字或加粗短行
        [first_line] 第一行
        [file_name] 文件名
        [title] 标题
        [sign_off] 落款
        [text] 正文推断
       *[default] 默认值
    }
# $field：title、unit、year 或 kind
import-field = { $field ->
        [title] 标题
        [unit] 单位
        [year] 年份
       *[kind] 类别
    } { $value }（{ $from }）
# $named：文件中写的单位名称，和登记的不同
import-field-named = { $field ->
        [title] 标题
        [unit] 单位
        [year] 年份
       *[kind] 类别
    } { $value }（{ $from }“{ $named }”）
import-written = { $source } → 已写入 { $path }：{ $title }；{ $unit }；{ $year }；{ $kind }
import-would-write = { $source } → 将写入 { $path }：{ $title }；{ $unit }；{ $year }；{ $kind }
import-skipped = { $source }：跳过，不是可导入的文件类型（.docx、.doc、.wps、.txt、.html、.htm、.md）
import-refused = { $source }：未导入：{ $reason }
import-check = 请核对：{ $note }
import-totals = 写入 { $written } 个，跳过 { $skipped } 个，未导入 { $refused } 个
import-totals-dry-run = 试运行，未写入任何文件：可写入 { $written } 个，跳过 { $skipped } 个，未导入 { $refused } 个
import-year-out-of-range = --year 应在 { $first } 到 { $last } 之间，不是 { $year }

# 要核对的地方
import-unit-unknown = 标题和落款中都没有认出单位，已写为草稿；请填写 unit:（site.yaml 中的单位：{ $units }），或用 --unit 指定
import-unit-unknown-named = 单位“{ $named }”与 site.yaml 中的单位（{ $units }）都对不上，已写为草稿；请改正 unit:，或用 --unit 指定
import-unit-guessed = 文中写的单位是“{ $named }”，按最接近的已登记单位认作“{ $unit }”，已写为草稿；请核对 unit:，或用 --unit 指定
import-unit-inferred = 单位是推断的：{ $basis }，已写为草稿；请核对 unit:，或用 --unit 指定
import-year-unknown = 文中没有年份，暂填 { $year } 并写为草稿；请核对 year:，或用 --year 指定
import-year-inferred = 年份是推断的：{ $basis }；请核对 year: 和 year_basis:
import-kind-default = 标题结尾看不出文件类型，暂填“{ $kind }”；请核对 kind:，或用 --kind 指定
import-kind-differs = 标题说是“{ $kind }”，正文却说“{ $phrase }”，像是{ $named }；请核对 kind:，或用 --kind 指定
import-page-images-left = 网页中有 { $count } 张图片不在网页旁边的文件夹里（或不是图片），未导入；需要时请另存后放进计划的文件夹
import-renamed = { $path } 已存在，未覆盖，改用新名称
import-draft = 草稿（draft: true）：核对后删去这一行即可发布

# 文件为什么没有导入
import-unreadable = 无法读取文件：{ $error }
import-too-large = 文件太大（超过 { $limit } MB），不像一份计划
import-not-zip = 不是有效的 Word 文档：.docx 文件应是 zip 压缩包，这个文件不是，或已损坏
import-not-word = 压缩包里没有 Word 正文（word/document.xml）
import-unsafe-part-name = 文件中有指向压缩包以外的部件名“{ $part }”，为安全起见未导入
import-part-too-large = 部件“{ $part }”解压后超过 { $limit } MB，可能是压缩炸弹，未导入
import-part-unreadable = 部件“{ $part }”无法解压：{ $error }；文件已损坏或被篡改
import-too-many-parts = 压缩包中的部件过多，不像 Word 文档
import-doctype = 部件“{ $part }”含有 DOCTYPE 声明（Word 从不写入），为安全起见未导入
import-bad-xml = 部件“{ $part }”不是有效的 XML：{ $error }
import-too-long = 文档超过 { $limit } 段，远超一份计划的长度，未导入
import-too-deep = 网页的元素嵌套超过 { $limit } 层，不像真实的网页，未导入
import-not-an-image = 图片“{ $image }”不是 PNG、JPEG、GIF 或 WebP 图片，未导入；请在 Word 中把它另存为图片后重新插入
import-encoding = 文本不是 UTF-8、GBK/GB18030 或 UTF-16 编码；请用记事本另存为 UTF-8
import-has-front-matter = 这个 Markdown 文件已有文件头（---），已经是计划文件，直接放进 content/plans/ 即可
import-needs-docx = 未安装 LibreOffice，无法读取 .{ $ext } 文件；请在 Word 或 WPS 中打开它，“文件 → 另存为”，文件类型选“Word 文档 (*.docx)”，再导入 .docx 文件
import-convert-failed = LibreOffice 未能把它转换为 .docx：{ $error }；请在 Word 或 WPS 中另存为 .docx 再导入
import-empty = 文件中没有正文
import-name-taken = “{ $name }”及其备用名都已被占用，未写入
import-write-failed = 无法写入计划：{ $error }
