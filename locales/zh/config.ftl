# site.yaml 与网站设置
# 每条消息以问题代码命名（`.` 换成 `-`）；.help 是提示行，.about 是计数时对这类问题的称呼。

config-missing = { $root } 里没有 site.yaml
    .help = 新建 site.yaml，至少写一行 `title: 我们的工作计划`；或用 --root 指向网站文件夹
    .about = 网站文件夹里没有 site.yaml

config-unreadable = 无法按 UTF-8 文本读取 site.yaml：{ $error }
    .help = 如果它是 GBK 编码，运行 `plansite fix-encoding` 转成 UTF-8
    .about = 无法按 UTF-8 文本读取的 site.yaml

config-yaml = site.yaml 的格式有误：{ $error }
    .help = 检查这一行：字段名后面是英文冒号加空格（`title: …`），下级内容用空格缩进
    .about = 不是有效 YAML 或有字段写错的 site.yaml

config-unit-no-name = 有一个单位的 `name` 是空的
    .help = 在 `units:` 下给每个单位写上名字：`- name: 市总工会`
    .about = 名称为空的单位

config-unit-duplicate = 单位 `{ $unit }` 登记了两次
    .help = 每个单位只保留一处登记
    .about = 重复登记的单位

config-unit-slug-invalid = 单位 `{ $unit }`：`slug: { $slug }` 不能使用：它{ $why }
    .help = 只用字母、数字和连字符，例如 `slug: shi`；或删掉这一行，由名称自动生成
    .about = 不能使用的单位 `slug:`

config-unit-slug-duplicate = 单位 `{ $other }` 和 `{ $unit }` 的 slug 相同，都是 `{ $slug }`
    .help = 给每个单位写一个不同的 `slug:`
    .about = 两个单位的网址名（slug）相同

config-unit-parent-missing = 单位 `{ $unit }` 的上级 `{ $parent }` 没有登记
    .help = 在 `units:` 下也登记 `{ $parent }`，或删掉 `parent:` 这一行
    .help-close = 是不是 `{ $close }`？
    .about = 上级单位未登记

config-unit-parent-cycle = 单位 `{ $unit }` 经由上级单位又成了自己的上级
    .help = 各单位应构成一棵树：检查 `parent:` 各行
    .about = 经由上级单位又成了自己上级的单位

config-theme-missing = 找不到主题 `{ $theme }`：没有文件夹 { $folder }
    .help = 删掉 `theme:` 这一行即可使用内置的默认主题，或把主题放进这个文件夹
    .about = 主题文件夹不存在

config-filing-unit-undeclared = `filing_units` 里的 `{ $unit }` 没有在 `units:` 下登记
    .help = 按单位登记时的 `name` 列出
    .help-close = 是不是 `{ $close }`？
    .about = 应报送但未登记的单位

config-kind-plan-and-summary = 类别 `{ $kind }` 同时出现在 `plan_kinds` 和 `summary_kinds` 里
    .help = 一种文件要么是计划，要么是总结：只保留在一个列表里
    .about = 同时列为计划和总结的类别

config-base-url-invalid = `base_url: { $url }` 不是完整的网址：{ $why ->
        [no-scheme] 缺少 http:// 或 https://
        [scheme] 浏览器只能打开 http 和 https 地址
       *[no-host] 没有写服务器名称
    }
    .help = 连同 http:// 或 https:// 一起写，和读者在浏览器里输入的一样：`base_url: https://intranet.example/plans/`
    .about = 不是完整 http/https 地址的 `base_url`

config-base-path-invalid = `base_path` 只写路径，不写网址：`{ $path }` 不是从服务器根目录开始的路径
    .help = 写网站所在的路径，从服务器根目录算起：`base_path: /plans/`；完整网址写在 `base_url` 里
    .about = 写成了网址而不是路径的 `base_path`

option-base-path-invalid = `--base-path` 只写路径，不写网址：`{ $path }` 不是从服务器根目录开始的路径
    .help = 只写路径：`--base-path /plans/`
    .about = 写成了网址而不是路径的 `--base-path`

config-base-url-missing = 未设 `base_url`：订阅源和网站地图里的地址不完整，订阅工具和搜索引擎无法打开
    .help = 在 site.yaml 里写上网站的完整地址：`base_url: https://intranet.example/plans/`
    .about = 缺少 RSS 和站点地图需要的 `base_url`

yaml-tab = 这一行用制表符（Tab）缩进了；YAML 在这里只允许空格
    .help = 把行首的制表符换成空格（每级两个空格），例如 `  - 女职工`
    .about = YAML 中应为空格处用了制表符

site-not-found = 在这个文件夹及其上级文件夹中找不到 site.yaml
    .help = 在网站文件夹里运行，或用 --root 指定网站文件夹；要新建网站，运行 `plansite init`
    .about = 本文件夹及上级文件夹中都没有 site.yaml

site-no-plans = 暂无计划：网站里还没有可发布的计划，页面上显示“暂无计划”
    .help = 用 `plansite new <单位> <标题>` 新建计划；标有 `draft: true` 的计划要删掉这一行后才会发布
    .about = 没有可发布计划的网站
