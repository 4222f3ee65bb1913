<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>Banner</name>
    <message>
        <location filename="../banner.py" line="+56"/>
        <source>Dismiss</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location line="+72"/>
        <source>(+%1 more)</source>
        <translation>（另有 %1 条）</translation>
    </message>
</context>
<context>
    <name>BeforeAfterView</name>
    <message>
        <location filename="../effects_panel.py" line="+89"/>
        <source>Before</source>
        <translation>原图</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>After</source>
        <translation>美颜后</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Drag the divider to compare the picture before and after</source>
        <translation>拖动分隔线，对比美颜前后的画面</translation>
    </message>
    <message>
        <location line="+79"/>
        <source>No picture yet</source>
        <translation>暂无画面</translation>
    </message>
</context>
<context>
    <name>CatalogTable</name>
    <message>
        <location filename="../catalog_table.py" line="+231"/>
        <source>ID</source>
        <translation>编号</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Name</source>
        <translation>商品名称</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Price</source>
        <translation>原价</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sale price</source>
        <translation>到手价</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stock</source>
        <translation>库存</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Double-click a price or the stock to change it: the stream shows it at once. Drop a picture on a product to use it.</source>
        <translation>双击价格或库存即可修改，直播画面立即更新。把图片拖到商品上即可设为商品图片。</translation>
    </message>
</context>
<context>
    <name>ChannelStrip</name>
    <message>
        <location filename="../mixer_panel.py" line="+112"/>
        <source>Mute</source>
        <translation>静音</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mute %1</source>
        <translation>将 %1 静音</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Gain of this source, -30 to +20 dB. Double-click to reset to 0 dB.</source>
        <translation>此来源的增益，-30 至 +20 dB。双击恢复为 0 dB。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Gain of %1</source>
        <translation>%1 的增益</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>Muted: not heard in the stream. Click to unmute.</source>
        <translation>已静音：直播中听不到。点击取消静音。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Mute this source in the stream (the meter keeps moving)</source>
        <translation>在直播中将此来源静音（电平表仍会跳动）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 dB</source>
        <translation>%1 dB</translation>
    </message>
</context>
<context>
    <name>ChatBadges</name>
    <message>
        <location filename="../chat_badges.py" line="+25"/>
        <source>Douyin</source>
        <translation>抖音</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bilibili</source>
        <translation>B站</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Kuaishou</source>
        <translation>快手</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Taobao</source>
        <translation>淘宝</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Twitch</source>
        <translation>Twitch</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>YouTube</source>
        <translation>YouTube</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Demo</source>
        <translation>演示</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Relay</source>
        <translation>中转</translation>
    </message>
    <message>
        <location line="+57"/>
        <source>Other</source>
        <translation>其他</translation>
    </message>
</context>
<context>
    <name>ChatModel</name>
    <message>
        <location filename="../chat_panel.py" line="+159"/>
        <source>a gift</source>
        <translation>礼物</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 sent %2 ×%3</source>
        <translation>%1 送出 %2 ×%3</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>%1 liked ×%2</source>
        <translation>%1 点赞 ×%2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 joined</source>
        <translation>%1 来了</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 shared the live room</source>
        <translation>%1 分享了直播间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 followed</source>
        <translation>%1 关注了主播</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Suggested answer:</source>
        <translation>建议回答：</translation>
    </message>
</context>
<context>
    <name>ChatPanel</name>
    <message>
        <location line="+278"/>
        <source>Reconnect</source>
        <translation>重连</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reconnect every chat connection now</source>
        <translation>立即重连所有评论连接</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Chat settings</source>
        <translation>评论设置</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Chat connections…</source>
        <translation>评论连接…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Blocked words and muted viewers…</source>
        <translation>屏蔽词和禁言观众…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Answer rules…</source>
        <translation>回答规则…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Search comments</source>
        <translation>搜索评论</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Questions</source>
        <translation>只看提问</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show only viewers&apos; questions</source>
        <translation>只显示观众的提问</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Gifts</source>
        <translation>礼物</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show gifts, likes, joins and follows</source>
        <translation>显示礼物、点赞、进场和关注</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Suggested answer (edit before showing):</source>
        <translation>建议回答（上屏前可修改）：</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Pin</source>
        <translation>置顶</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show this comment on the stream</source>
        <translation>把这条评论显示在直播画面上</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Answer on screen</source>
        <translation>回答上屏</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show the question and this answer on the stream</source>
        <translation>把提问和这条回答显示在直播画面上</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Unpin</source>
        <translation>取消置顶</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Take answer off</source>
        <translation>撤下回答</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mute viewer</source>
        <translation>禁言观众</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hide this viewer&apos;s comments</source>
        <translation>隐藏这位观众的评论</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copy the comment&apos;s text</source>
        <translation>复制这条评论的文字</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show the comments of one platform</source>
        <translation>只看一个平台的评论</translation>
    </message>
    <message>
        <location line="+90"/>
        <source>1 new comment ↓</source>
        <translation>1 条新评论 ↓</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 new comments ↓</source>
        <translation>%1 条新评论 ↓</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>All platforms</source>
        <translation>全部平台</translation>
    </message>
    <message>
        <location line="+85"/>
        <source>Newest question</source>
        <translation>最新提问</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>No comment selected</source>
        <translation>未选择评论</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Selected comment</source>
        <translation>选中的评论</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>Based on: %1</source>
        <translation>依据：%1</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>product “%1” (%2)</source>
        <translation>商品“%1”（%2）</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>buyer at home (by language)</source>
        <translation>国内买家（据语言判断）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>buyer at home (“%1”)</source>
        <translation>国内买家（“%1”）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>buyer abroad (by language)</source>
        <translation>海外买家（按语言判断）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>buyer abroad (“%1”)</source>
        <translation>海外买家（“%1”）</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>also asks something else</source>
        <translation>还问了别的问题</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>unsure: %1</source>
        <translation>不确定：%1</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>link %1</source>
        <translation>%1 号链接</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>on screen</source>
        <translation>正在讲解</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>named</source>
        <translation>买家点名</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>not among %1</source>
        <translation>不在现有款式中：%1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>variants %1</source>
        <translation>全部款式 %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>variant %1</source>
        <translation>款式 %1</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>stock not tracked</source>
        <translation>未记录库存</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>selling point “%1”</source>
        <translation>卖点“%1”</translation>
    </message>
    <message>
        <location line="+52"/>
        <source>Answer card</source>
        <translation>回答卡片</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Pinned comment</source>
        <translation>置顶评论</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>No chat connected</source>
        <translation>未连接评论</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>connected</source>
        <translation>已连接</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>connecting…</source>
        <translation>正在连接…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>reconnecting in %1 s</source>
        <translation>%1 秒后重连</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>reconnecting…</source>
        <translation>正在重连…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>failed: %1</source>
        <translation>失败：%1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>off</source>
        <translation>未开启</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>the server refused the connection</source>
        <translation>服务器拒绝连接</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>network problem</source>
        <translation>网络问题</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the token was refused</source>
        <translation>令牌被拒绝</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>unexpected reply</source>
        <translation>服务器回复异常</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>channel not found</source>
        <translation>找不到频道</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>settings incomplete</source>
        <translation>设置不完整</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the server closed the connection</source>
        <translation>服务器关闭了连接</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the keyring is locked</source>
        <translation>系统钥匙串已锁定</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>no comment relay answers on this PC: start it (BarrageGrab or the like) and open your live room in it</source>
        <translation>本机没有弹幕助手应答：请启动弹幕助手（BarrageGrab 等）并在其中打开你的直播间</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>problem</source>
        <translation>出现问题</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Stop the demo room</source>
        <translation>停止演示直播间</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Start a demo room</source>
        <translation>开启演示直播间</translation>
    </message>
    <message>
        <location line="+64"/>
        <source>price</source>
        <translation>价格</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>sale price</source>
        <translation>到手价</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>stock</source>
        <translation>库存</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>MOQ</source>
        <translation>起订量</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>lead time</source>
        <translation>交期</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>FOB price</source>
        <translation>FOB 价格</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>certifications</source>
        <translation>认证</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>link no.</source>
        <translation>链接号</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>flash price</source>
        <translation>秒杀价</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>flash sale left</source>
        <translation>秒杀剩余</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>the shop&apos;s shipping terms</source>
        <translation>店铺运费说明</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the shop&apos;s international shipping terms</source>
        <translation>店铺的海外运输条款</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>the shop&apos;s return terms</source>
        <translation>店铺退换说明</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the shop&apos;s dispatch terms</source>
        <translation>店铺发货时效说明</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>language not recognised</source>
        <translation>未识别语言</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>only a question, no word of the topic</source>
        <translation>只有问句，没有话题词</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>product not named, the one on screen</source>
        <translation>未点名商品，按正在讲解的商品</translation>
    </message>
    <message>
        <location filename="../../chat/irc.py" line="+257"/>
        <source>Twitch (IRC)</source>
        <translation>Twitch（IRC）</translation>
    </message>
    <message>
        <location filename="../../chat/youtube.py" line="+94"/>
        <source>YouTube</source>
        <translation>YouTube</translation>
    </message>
    <message>
        <location filename="../../chat/websocket.py" line="+193"/>
        <source>WebSocket feed</source>
        <translation>WebSocket 数据源</translation>
    </message>
    <message>
        <location filename="../../chat/webhook.py" line="+296"/>
        <source>Webhook</source>
        <translation>Webhook</translation>
    </message>
    <message>
        <location filename="../../chat/demo.py" line="+66"/>
        <source>Demo room</source>
        <translation>演示直播间</translation>
    </message>
    <message>
        <location filename="../../chat/bilibili.py" line="+52"/>
        <source>Bilibili live</source>
        <translation>哔哩哔哩直播</translation>
    </message>
    <message>
        <location filename="../../chat/douyin.py" line="+202"/>
        <source>Douyin (comment relay)</source>
        <translation>抖音（弹幕助手）</translation>
    </message>
</context>
<context>
    <name>ClipsControl</name>
    <message>
        <location filename="../clips_control.py" line="+67"/>
        <source>&amp;Clips…</source>
        <translation>切片(&amp;C)…</translation>
    </message>
</context>
<context>
    <name>ClipsDialog</name>
    <message>
        <location filename="../clips_dialog.py" line="+240"/>
        <source>Clips</source>
        <translation>切片</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Recording:</source>
        <translation>录像：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Choose a recording…</source>
        <translation>选择录像…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Clips by the room&apos;s reaction or by time instead</source>
        <translation>改为按观众反应或按时间切片</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Choose all</source>
        <translation>全选</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Burn in the product card</source>
        <translation>烧录商品卡</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Draws the product&apos;s card where its layer was, on clips whose recording does not show it already</source>
        <translation>在商品卡图层原来的位置画上商品卡（录像里已经有商品卡的切片不重复画）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Open in the system player</source>
        <translation>用系统播放器打开</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export to:</source>
        <translation>导出到：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Folder…</source>
        <translation>文件夹…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open the folder</source>
        <translation>打开文件夹</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export the chosen clips</source>
        <translation>导出选中的切片</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Choose a recording</source>
        <translation>选择录像</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Recordings (%1)</source>
        <translation>录像 (%1)</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Reading the recording…</source>
        <translation>正在读取录像…</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>%1 has nothing to cut a clip from.</source>
        <translation>%1 里没有可以切片的内容。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Clips of %1 without its timeline: the moments the room reacted to most, or with none standing out, clips of a minute by time.</source>
        <translation>不用时间线的 %1 切片：观众反应最热烈的片段；没有特别热烈的时刻时，按时间每一分钟切一段。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>%1 has no timeline, so the products explained are not known: here are the moments the room reacted to most.</source>
        <translation>%1 没有节目时间线，不知道讲解了哪些商品：下面是观众反应最热烈的片段。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1 has no timeline, and the room had no stand-out moment: here are clips of a minute each, by time.</source>
        <translation>%1 没有节目时间线，直播间也没有特别热烈的时刻：下面按时间每一分钟切一段。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1 has no timeline and no record of the room: here are clips of a minute each, by time.</source>
        <translation>%1 没有节目时间线，也没有直播间记录：下面按时间每一分钟切一段。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Clips of %2: %1, the ones the room reacted to most first.</source>
        <translation>%2 的切片：%1 段，观众反应最热烈的排在前面。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Clips of %2: %1, in the order of the show (no record of the room).</source>
        <translation>%2 的切片：%1 段，按直播顺序排列（没有直播间记录）。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Highlight at %1</source>
        <translation>精彩片段 %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 to %2</source>
        <translation>%1 至 %2</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Export the clips to</source>
        <translation>把切片导出到</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Tick the clips to export first.</source>
        <translation>请先勾选要导出的切片。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>The export starts when the show ends.</source>
        <translation>直播结束后开始导出。</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Exporting… (clips chosen: %1)</source>
        <translation>正在导出…（选中 %1 段）</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>You went live: the export waits until the show ends.</source>
        <translation>已开始直播：导出暂停，直播结束后继续。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The show ended: the export goes on.</source>
        <translation>直播已结束：继续导出。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The export after the show is cancelled.</source>
        <translation>已取消直播结束后的导出。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Stopping…</source>
        <translation>正在停止…</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>The clip worker cannot start: %1</source>
        <translation>切片进程无法启动：%1</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>Exporting %1 of %2: %3</source>
        <translation>正在导出第 %1 段，共 %2 段：%3</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>The clip worker stopped: %1</source>
        <translation>切片进程意外停止：%1</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>The disk is full: %1 was not finished and was removed. Clips finished and kept: %2, in %3. Free some space and export the rest.</source>
        <translation>磁盘已满：%1 没有导出完，已删除。已完成并保留的切片：%2 段，在 %3。请腾出空间后再导出其余的。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Export stopped: the clip being written was removed. Clips finished and kept: %1, in %2.</source>
        <translation>已停止导出：正在写的切片已删除。已完成并保留的切片：%1 段，在 %2。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The export stopped unexpectedly (%1). Clips finished and kept: %2, in %3.</source>
        <translation>导出意外停止（%1）。已完成并保留的切片：%2 段，在 %3。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Clips exported: %1, in %2.</source>
        <translation>已导出 %1 段切片，在 %2。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>%1 notes: point at this line to read them.</source>
        <translation>%1 条说明：将鼠标移到这一行上查看。</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>The timeline beside this recording cannot be used.</source>
        <translation>这段录像旁的节目时间线无法使用。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This recording cannot be cut into clips.</source>
        <translation>这段录像无法切片。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The clips cannot be written to this folder.</source>
        <translation>切片无法写入这个文件夹。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The product card cannot be drawn.</source>
        <translation>无法画出商品卡。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The export stopped.</source>
        <translation>导出已停止。</translation>
    </message>
    <message>
        <location line="+47"/>
        <source>This clip cannot be played: %1</source>
        <translation>这段切片无法播放：%1</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Stop playing</source>
        <translation>停止播放</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Play</source>
        <translation>播放</translation>
    </message>
</context>
<context>
    <name>ClipsModel</name>
    <message>
        <location filename="../clips_model.py" line="+107"/>
        <source>Clip</source>
        <translation>切片</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Length</source>
        <translation>时长</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Room&apos;s reaction</source>
        <translation>观众反应</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>%1 to %2 in the recording</source>
        <translation>录像中 %1 至 %2</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>no record of the room</source>
        <translation>没有直播间记录</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 comments/min · %2 questions/min</source>
        <translation>评论 %1/分 · 提问 %2/分</translation>
    </message>
    <message>
        <location line="+5"/>
        <source> · viewers %1</source>
        <translation> · 观众 %1</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>exporting…</source>
        <translation>正在导出…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>exported</source>
        <translation>已导出</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>not exported</source>
        <translation>未导出</translation>
    </message>
</context>
<context>
    <name>ClipsOffer</name>
    <message>
        <location filename="../clips_control.py" line="-23"/>
        <source>Cut this recording into clips:</source>
        <translation>把这段录像切成短视频：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Clips…</source>
        <translation>切片…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dismiss</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>ConnectorsDialog</name>
    <message>
        <location filename="../chat_dialogs.py" line="+49"/>
        <source>Chat connections</source>
        <translation>评论连接</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <location filename="../../chat/irc.py" line="+9"/>
        <source>Encrypted (TLS)</source>
        <translation>加密（TLS）</translation>
    </message>
    <message>
        <location filename="../chat_dialogs.py" line="+11"/>
        <source>Read this chat</source>
        <translation>读取此直播间评论</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../chat/irc.py" line="-5"/>
        <location filename="../../chat/webhook.py" line="+4"/>
        <location filename="../../chat/websocket.py" line="+4"/>
        <location filename="../../chat/youtube.py" line="+4"/>
        <source>Server</source>
        <translation>服务器</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>HOST:PORT; empty: Twitch&apos;s chat server</source>
        <translation>主机:端口；留空：Twitch 的聊天服务器</translation>
    </message>
    <message>
        <location line="+5"/>
        <location filename="../../chat/youtube.py" line="+6"/>
        <source>Channel</source>
        <translation>频道</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the channel to read</source>
        <translation>要读取的频道</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Nick</source>
        <translation>昵称</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the account&apos;s login name (with a token; empty: read only)</source>
        <translation>账号的登录名（配合令牌使用；留空：只读）</translation>
    </message>
    <message>
        <location line="+6"/>
        <location filename="../../chat/webhook.py" line="+8"/>
        <location filename="../../chat/websocket.py" line="+7"/>
        <location filename="../../chat/youtube.py" line="+6"/>
        <source>Token</source>
        <translation>令牌</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>an OAuth token (empty: read anonymously)</source>
        <translation>OAuth 令牌（留空：匿名读取）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Server password</source>
        <translation>服务器密码</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>an IRC server&apos;s own password, sent instead of the token</source>
        <translation>IRC 服务器自己的密码，代替令牌发送</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Show viewers joining</source>
        <translation>显示观众进场</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>1: viewers joining become join events</source>
        <translation>1：观众进场显示为进场事件</translation>
    </message>
    <message>
        <location line="+4"/>
        <location filename="../../chat/webhook.py" line="+16"/>
        <location filename="../../chat/websocket.py" line="+23"/>
        <source>Platform</source>
        <translation>平台</translation>
    </message>
    <message>
        <location line="+2"/>
        <location filename="../../chat/webhook.py" line="+2"/>
        <location filename="../../chat/websocket.py" line="+2"/>
        <source>the platform the comments are from</source>
        <translation>评论来自的平台</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Trusted certificate</source>
        <translation>信任的证书</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>trust this certificate file instead of the system&apos;s</source>
        <translation>信任此证书文件，而不是系统的证书</translation>
    </message>
    <message>
        <location filename="../chat_dialogs.py" line="+110"/>
        <source>stored in the keyring (type to replace)</source>
        <translation>已保存在系统钥匙串中（输入可替换）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>stored in a file only you can read (type to replace)</source>
        <translation>保存在只有您能读取的文件中（输入以替换）</translation>
    </message>
    <message>
        <location line="-5"/>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../../chat/bilibili.py" line="+4"/>
        <source>Room</source>
        <translation>直播间</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>the live room&apos;s number, as in live.bilibili.com/NUMBER</source>
        <translation>直播间号，即 live.bilibili.com/房间号</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Danmaku server</source>
        <translation>弹幕服务器</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>empty: the one Bilibili&apos;s room info names</source>
        <translation>留空：使用哔哩哔哩直播间信息给出的服务器</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Login cookie (SESSDATA)</source>
        <translation>登录 Cookie（SESSDATA）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>optional: signed in, viewers&apos; names are not hidden</source>
        <translation>可选：登录后观众昵称不再被隐藏</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Join key</source>
        <translation>进房密钥</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the token a danmaku server given above expects</source>
        <translation>上面填写的弹幕服务器所需的令牌</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Heartbeat (seconds)</source>
        <translation>心跳间隔（秒）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>how often the server is told we listen</source>
        <translation>多久告诉服务器一次我们仍在收听</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Room-info API</source>
        <translation>直播间信息接口</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+6"/>
        <source>empty: Bilibili&apos;s own</source>
        <translation>留空：使用哔哩哔哩官方接口</translation>
    </message>
    <message>
        <location line="-2"/>
        <source>Signing keys API</source>
        <translation>签名密钥接口</translation>
    </message>
    <message>
        <location filename="../../chat/demo.py" line="+4"/>
        <source>Comments a second</source>
        <translation>每秒评论数</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>above 0, at most 1000</source>
        <translation>大于 0，最多 1000</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>a whole number: the same viewers say the same things</source>
        <translation>整数：同样的观众说同样的话</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>zh, en or mixed</source>
        <translation>zh、en 或 mixed</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Comments in all</source>
        <translation>评论总数</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>stop commenting after this many</source>
        <translation>达到此数量后停止评论</translation>
    </message>
    <message>
        <location filename="../../chat/douyin.py" line="+4"/>
        <source>Relay address</source>
        <translation>弹幕助手地址</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>the ws:// address of the comment relay on this PC</source>
        <translation>本机弹幕助手的 ws:// 地址</translation>
    </message>
    <message>
        <location filename="../../chat/webhook.py" line="-24"/>
        <source>127.0.0.1:PORT on this machine; empty: any free port</source>
        <translation>本机的 127.0.0.1:端口；留空：任一空闲端口</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>the secret the sender signs its requests with</source>
        <translation>发送方签名请求所用的密钥</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Path</source>
        <translation>路径</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>the path the sender posts to</source>
        <translation>发送方提交到的路径</translation>
    </message>
    <message>
        <location filename="../../chat/websocket.py" line="-29"/>
        <source>the ws:// or wss:// address of the feed</source>
        <translation>数据源的 ws:// 或 wss:// 地址</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>sent to the feed when given</source>
        <translation>填写后发送给数据源</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Token sent as</source>
        <translation>令牌发送方式</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>header (Authorization: Bearer), query, both or none</source>
        <translation>header（Authorization: Bearer）、query、both 或 none</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Query parameter</source>
        <translation>查询参数</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>the name the token is sent under</source>
        <translation>发送令牌所用的参数名</translation>
    </message>
    <message>
        <location filename="../../chat/youtube.py" line="-10"/>
        <source>the API&apos;s address; empty: YouTube&apos;s</source>
        <translation>API 地址；留空：YouTube 的</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>the live chat id</source>
        <translation>直播聊天 ID</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>an API key or an OAuth token</source>
        <translation>API 密钥或 OAuth 令牌</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Token kind</source>
        <translation>令牌类型</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>key: an API key; oauth: an OAuth token</source>
        <translation>key：API 密钥；oauth：OAuth 令牌</translation>
    </message>
</context>
<context>
    <name>DestinationDialog</name>
    <message>
        <location filename="../destination_dialog.py" line="+126"/>
        <source>Edit destination</source>
        <translation>编辑推流目标</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Add destination</source>
        <translation>添加推流目标</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>optional: a PEM file (.pem, .crt)</source>
        <translation>可选：PEM 文件（.pem、.crt）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>For RTMPS to your own server with a self-signed or private certificate: the certificate to trust for this destination, besides the system&apos;s.</source>
        <translation>用于以 RTMPS 推流到使用自签名或私有证书的自建服务器：除系统信任的证书外，该推流目标还信任的证书。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show the stream key while typing</source>
        <translation>输入时显示推流密钥</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Forget stored key</source>
        <translation>删除已保存的推流密钥</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Delete this destination&apos;s key from the secrets file</source>
        <translation>从密钥文件中删除该推流目标的密钥</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Delete this destination&apos;s key from the system keyring</source>
        <translation>从系统密钥环中删除此推流目标的推流密钥</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Stream to this destination when going live</source>
        <translation>开播时推流到此目标</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Lower the bitrate when the network is slow</source>
        <translation>网络慢时自动降低码率</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Keeps the stream going on a weak connection: the bitrate drops within seconds and comes back step by step. Off: strict constant bitrate.</source>
        <translation>网络不好时保持直播不断：几秒内降低码率，网络恢复后逐步升回。关闭：严格恒定码率。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Name:</source>
        <translation>名称：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Platform:</source>
        <translation>平台：</translation>
    </message>
    <message>
        <location line="-57"/>
        <source>Trusted certificate:</source>
        <translation>受信任的证书：</translation>
    </message>
    <message>
        <location line="+61"/>
        <source>Stream key:</source>
        <translation>推流密钥：</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>(kept in the secrets file — leave empty to keep)</source>
        <translation>（保存在密钥文件中——留空则保持不变）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>(kept in the system keyring — leave empty to keep)</source>
        <translation>（已保存在系统密钥环中，留空则继续使用）</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>Stream keys and signed push URLs are kept in the system keyring, never in the settings file.</source>
        <translation>推流密钥和带签名的推流地址保存在系统密钥环中，绝不写入设置文件。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>No system keyring: kept in %1, readable only by you.</source>
        <translation>没有系统密钥环：保存在 %1 中，只有您能读取。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No system keyring: stream keys and signed push URLs cannot be kept. Start or unlock your keyring and try again.</source>
        <translation>没有系统密钥环：无法保存推流密钥和带签名的推流地址。请启动或解锁密钥环后重试。</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Choose the certificate to trust</source>
        <translation>选择要信任的证书</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Certificates (*.pem *.crt *.cer);;All files (*)</source>
        <translation>证书 (*.pem *.crt *.cer);;所有文件 (*)</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Push URL:</source>
        <translation>推流地址：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>rtmp://…?sign=…  (the whole push URL)</source>
        <translation>rtmp://…?sign=…（完整的推流地址）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Server:</source>
        <translation>服务器：</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Recommended video bitrate: %1 kbps (at most %2).</source>
        <translation>建议视频码率：%1 kbps（最高 %2）。</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Enter a name.</source>
        <translation>请输入名称。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Another destination is already named “%1”.</source>
        <translation>已有名为“%1”的推流目标。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Uses the platform&apos;s server: %1</source>
        <translation>使用平台默认服务器：%1</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Paste the whole push URL from the platform; the stream key can stay empty.</source>
        <translation>请粘贴平台提供的完整推流地址，推流密钥可以留空。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Enter the server URL, e.g. rtmp://host/app.</source>
        <translation>请输入服务器地址，例如 rtmp://host/app。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>%1 accepts only secure RTMPS: the URL should start with rtmps://.</source>
        <translation>%1 只接受加密的 RTMPS：地址应以 rtmps:// 开头。</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Give the certificate file with its full path.</source>
        <translation>请给出证书文件的完整路径。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The certificate file is not there (moved or deleted?).</source>
        <translation>证书文件不存在（被移动或删除了？）。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>That is a folder or a device, not a certificate file.</source>
        <translation>这是文件夹或设备，不是证书文件。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The certificate file cannot be read.</source>
        <translation>无法读取证书文件。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The file is too large to be a certificate (over 1 MiB).</source>
        <translation>文件太大，不可能是证书（超过 1 MiB）。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The file holds no PEM certificate (a line -----BEGIN CERTIFICATE-----).</source>
        <translation>文件中没有 PEM 证书（缺少 -----BEGIN CERTIFICATE----- 这一行）。</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>No stream key yet: the platform will refuse the stream without one.</source>
        <translation>尚未填写推流密钥：没有推流密钥，平台会拒绝推流。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The whole URL is kept in the secrets file; paste a new one to replace it.</source>
        <translation>完整地址保存在密钥文件中；粘贴新的地址即可替换。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The whole URL is kept in the system keyring; paste a new one to replace it.</source>
        <translation>完整地址保存在系统密钥环中；粘贴新的地址即可替换。</translation>
    </message>
</context>
<context>
    <name>EffectsPanel</name>
    <message>
        <location filename="../effects_panel.py" line="+223"/>
        <source>Preset</source>
        <translation>预设</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save as…</source>
        <translation>另存为…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Keep these settings as a preset of your own</source>
        <translation>把当前设置保存为自己的预设</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete the selected preset of your own</source>
        <translation>删除所选的自定义预设</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../../vision/stages.py" line="+111"/>
        <source>Beautify</source>
        <translation>美颜</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Changes only the face and skin: products held up keep their true colours</source>
        <translation>只调整脸部和皮肤：手中展示的商品保持真实颜色</translation>
    </message>
    <message>
        <location filename="../../vision/settings.py" line="+80"/>
        <source>Smoothing</source>
        <translation>磨皮</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Whitening</source>
        <translation>美白</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Face slimming</source>
        <translation>瘦脸</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bigger eyes</source>
        <translation>大眼</translation>
    </message>
    <message>
        <location filename="../effects_panel.py" line="+5"/>
        <source>Background</source>
        <translation>背景</translation>
    </message>
    <message>
        <location filename="../../vision/settings.py" line="-19"/>
        <source>Effect</source>
        <translation>效果</translation>
    </message>
    <message>
        <location line="+3"/>
        <location filename="../../vision/stages.py" line="+47"/>
        <source>Blur</source>
        <translation>虚化</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Picture</source>
        <translation>背景图</translation>
    </message>
    <message>
        <location filename="../effects_panel.py" line="+4"/>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A picture or a video (played in a loop) to show behind you</source>
        <translation>显示在你身后的图片或视频（循环播放）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Runs on</source>
        <translation>运行设备</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Auto uses the graphics card when one can run the effects, else the CPU</source>
        <translation>自动：显卡能运行特效时使用显卡，否则使用 CPU</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Before / after</source>
        <translation>美颜前后对比</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Compare the original picture (left) with the effects (right)</source>
        <translation>对比原始画面（左）和加了特效的画面（右）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../vision/stages.py" line="+30"/>
        <source>Replace</source>
        <translation>替换</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Remove</source>
        <translation>抠除</translation>
    </message>
    <message>
        <location filename="../effects_panel.py" line="+18"/>
        <source>Natural</source>
        <translation>自然</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Soft</source>
        <translation>柔和</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Glam</source>
        <translation>精致</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No beautify</source>
        <translation>不美颜</translation>
    </message>
    <message>
        <location line="+72"/>
        <source>Auto</source>
        <translation>自动</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1 (not available)</source>
        <translation>%1（不可用）</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Custom</source>
        <translation>自定义</translation>
    </message>
    <message>
        <location line="+69"/>
        <source>none chosen</source>
        <translation>未选择</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Select a source in the Sources list to give it effects.</source>
        <translation>在“来源”列表中选择一个来源，为它加上特效。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>This source has no picture of a person: choose a camera, a video or an image.</source>
        <translation>这个来源没有人物画面：请选择摄像头、视频或图片。</translation>
    </message>
    <message>
        <location line="+96"/>
        <source>The effects are off for this source.</source>
        <translation>此来源的特效已关闭。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Starting the effects…</source>
        <translation>正在启动特效…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Running on %1 · %2 ms per frame (model %3 ms every %4 frames, apply %5 ms)</source>
        <translation>运行于 %1 · 每帧 %2 毫秒（模型 %3 毫秒，每 %4 帧一次；叠加 %5 毫秒）</translation>
    </message>
</context>
<context>
    <name>FiltersDialog</name>
    <message>
        <location filename="../chat_dialogs.py" line="+46"/>
        <source>Blocked words and muted viewers</source>
        <translation>屏蔽词和禁言观众</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Unmute</source>
        <translation>解除禁言</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Blocked words, one a line (hidden from the pane and the stream):</source>
        <translation>屏蔽词，每行一个（评论区和直播画面都不显示）：</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Muted viewers:</source>
        <translation>已禁言的观众：</translation>
    </message>
</context>
<context>
    <name>Hotkeys</name>
    <message>
        <location filename="../hotkeys.py" line="+9"/>
        <source>Start / stop streaming</source>
        <translation>开始/停止直播</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Start / stop recording</source>
        <translation>开始/停止录制</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Next scene</source>
        <translation>下一个场景</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Previous scene</source>
        <translation>上一个场景</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Next product</source>
        <translation>下一个商品</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Previous product</source>
        <translation>上一个商品</translation>
    </message>
</context>
<context>
    <name>LayersPanel</name>
    <message>
        <location filename="../layers_panel.py" line="+81"/>
        <source>Source (✓ shown)</source>
        <translation>来源（✓ 显示）</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Locked</source>
        <translation>锁定</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add a source</source>
        <translation>添加来源</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove the selected source</source>
        <translation>移除选中的来源</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Properties</source>
        <translation>属性</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Properties of the selected source</source>
        <translation>选中来源的属性</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Move up (in front)</source>
        <translation>上移（移到前面）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Move down (behind)</source>
        <translation>下移（移到后面）</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>This source cannot be shown; open its properties.</source>
        <translation>此来源无法显示，请打开其属性检查。</translation>
    </message>
</context>
<context>
    <name>LevelMeter</name>
    <message>
        <location filename="../meter.py" line="+103"/>
        <source>Level of this source in dBFS (peak marker held 1.5 s).
Red light: the signal clipped; lower the gain. Click to clear it.</source>
        <translation>此来源的音量电平（dBFS，峰值标记保持 1.5 秒）。
红灯亮：信号过载削波，请降低增益。点击可清除红灯。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Level meter</source>
        <translation>电平表</translation>
    </message>
</context>
<context>
    <name>LiveQuestion</name>
    <message>
        <location filename="../clips_dialog.py" line="-600"/>
        <source>Export while live?</source>
        <translation>直播中导出？</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>You are live: exporting now may slow the show. Export now, or when the show ends?</source>
        <translation>正在直播：直播中导出可能影响直播流畅度。现在导出，还是直播结束后再导出？</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>After the show</source>
        <translation>直播结束后导出</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Export now</source>
        <translation>现在导出</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../main_window.py" line="+357"/>
        <source>Scenes</source>
        <translation>场景</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sources</source>
        <translation>来源</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Audio mixer</source>
        <translation>混音器</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Controls</source>
        <translation>控件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Effects</source>
        <translation>美颜特效</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Products</source>
        <translation>商品</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Comments</source>
        <translation>评论</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Set-up &amp;assistant…</source>
        <translation>设置向导(&amp;A)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Import products…</source>
        <translation>导入商品(&amp;I)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Settings…</source>
        <translation>设置(&amp;S)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reset the layout</source>
        <translation>重置布局</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Platform UI zones</source>
        <translation>平台界面遮挡区</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Move overlays out of the platforms’ screens</source>
        <translation>把叠加层移出平台界面遮挡区</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Measure a platform’s screen on a phone…</source>
        <translation>用手机实测平台界面…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>System language</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Quick start</source>
        <translation>快速上手(&amp;Q)</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+149"/>
        <source>About Shopcast Studio</source>
        <translation>关于 Shopcast Studio</translation>
    </message>
    <message>
        <location line="-147"/>
        <source>Click a source to select it; drag to move, drag a handle to resize.</source>
        <translation>点击来源即可选中；拖动可移动，拖动控制点可调整大小。</translation>
    </message>
    <message>
        <location filename="../window_zones.py" line="+33"/>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>No free room out of the platforms’ screens for: %1. Make it smaller, or move or hide another overlay.</source>
        <translation>平台界面遮挡区外已没有空位放：%1。请把它缩小，或移开、隐藏别的叠加层。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Moved out of the platforms’ screens: %1.</source>
        <translation>已移出平台界面遮挡区：%1。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>No overlay is under the platforms’ screens.</source>
        <translation>没有叠加层被平台界面遮住。</translation>
    </message>
    <message>
        <location filename="../window_mixer.py" line="+29"/>
        <source>Microphone</source>
        <translation>麦克风</translation>
    </message>
    <message>
        <location filename="../window_scenes.py" line="+50"/>
        <source>Scene</source>
        <translation>场景</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Delete scene</source>
        <translation>删除场景</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete the scene “%1” and its sources?</source>
        <translation>删除场景“%1”及其中的所有来源？</translation>
    </message>
    <message>
        <location filename="../window_layers.py" line="+108"/>
        <source>Add: %1</source>
        <translation>添加：%1</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Properties: %1</source>
        <translation>属性：%1</translation>
    </message>
    <message>
        <location filename="../window_effects.py" line="+126"/>
        <source>Save the effects as a preset</source>
        <translation>将特效保存为预设</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Name of the preset:</source>
        <translation>预设名称：</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Replace preset</source>
        <translation>替换预设</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A preset named “%1” exists already. Replace it?</source>
        <translation>已有名为“%1”的预设。要替换它吗？</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Delete preset</source>
        <translation>删除预设</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete the preset “%1”?</source>
        <translation>删除预设“%1”？</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Choose a background picture or video</source>
        <translation>选择背景图片或视频</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Pictures and videos (%1)</source>
        <translation>图片和视频 (%1)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>All files (*)</source>
        <translation>所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../window_outputs.py" line="+75"/>
        <source>Recording too, to %1. It goes on after the stream stops: stop it with “Stop recording”.</source>
        <translation>同时在录制，保存到 %1。停播后录制会继续：请点“停止录制”结束。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Recording too, to %1. It stops with the stream (Settings → Recording to keep it going).</source>
        <translation>同时在录制，保存到 %1。停播时录制一起停止（如需继续录制：设置 → 录制）。</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>You are live. Stop the stream for every destination, and the recording?</source>
        <translation>正在直播中。要停止向所有推流目标推流，并停止录制吗？</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Stop streaming</source>
        <translation>停止直播</translation>
    </message>
    <message>
        <location line="-5"/>
        <source>You are live. Stop the stream for every destination?</source>
        <translation>正在直播中。要停止向所有推流目标推流吗？</translation>
    </message>
    <message>
        <location line="+72"/>
        <source>Recording saved: %1</source>
        <translation>录像已保存：%1</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Stopping failed (%1).</source>
        <translation>停止失败（%1）。</translation>
    </message>
    <message>
        <location filename="../window_status.py" line="+117"/>
        <source>Destination %1: %2</source>
        <translation>推流目标 %1：%2</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Effects of “%1”: %2</source>
        <translation>“%1”的特效：%2</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="+148"/>
        <source>Shopcast Studio %1
A broadcaster studio for live selling.</source>
        <translation>Shopcast Studio %1
为直播带货打造的直播工作室。</translation>
    </message>
    <message>
        <location filename="../window_layout.py" line="+52"/>
        <source>The settings could not be saved: %1</source>
        <translation>无法保存设置：%1</translation>
    </message>
    <message>
        <location filename="../window_closing.py" line="+36"/>
        <source>Quit while live</source>
        <translation>直播中退出</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>You are streaming or recording. Stop everything, finish the recording and quit?</source>
        <translation>正在直播或录制。要全部停止、保存录像并退出吗？</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <location filename="../messages.py" line="+43"/>
        <source>Stop streaming and recording before changing the canvas or the encoder.</source>
        <translation>更改画布或编码器前，请先停止直播和录制。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>There is no scene named “%1”.</source>
        <translation>没有名为“%1”的场景。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A name must not be empty.</source>
        <translation>名称不能为空。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A scene named “%1” exists already.</source>
        <translation>已有名为“%1”的场景。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The last scene cannot be deleted.</source>
        <translation>不能删除最后一个场景。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A source named “%1” exists already in this scene.</source>
        <translation>此场景中已有名为“%1”的来源。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>That source is no longer in the scene.</source>
        <translation>该来源已不在场景中。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A destination named “%1” exists already.</source>
        <translation>已有名为“%1”的推流目标。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Add a destination first: Settings → Destinations (platform, server and stream key).</source>
        <translation>请先添加推流目标：设置 → 推流目标（平台、服务器和推流密钥）。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Destination “%1”: enter the server address or the whole push URL.</source>
        <translation>推流目标“%1”：请填写服务器地址或完整的推流地址。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The push URL is not usable: %1</source>
        <translation>推流地址不可用：%1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The system keyring cannot keep the stream key: %1</source>
        <translation>系统密钥环无法保存推流密钥：%1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cannot record: %1</source>
        <translation>无法录制：%1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The video encoder cannot start: %1</source>
        <translation>视频编码器无法启动：%1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cannot add this source: %1</source>
        <translation>无法添加此来源：%1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The studio is still starting; try again in a moment.</source>
        <translation>软件仍在启动，请稍后再试。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>These effects cannot be used: %1</source>
        <translation>无法使用这些特效：%1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>“%1” is a built-in preset; choose another name.</source>
        <translation>“%1”是内置预设，请换一个名称。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A preset named “%1” exists already.</source>
        <translation>已有名为“%1”的预设。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>There is no preset named “%1”.</source>
        <translation>没有名为“%1”的预设。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The calibration card cannot be written: %1</source>
        <translation>无法写出校准卡：%1</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>give the file with its full path</source>
        <translation>请给出文件的完整路径</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the file is not there (moved or deleted?)</source>
        <translation>文件不存在（被移动或删除了？）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>it is a folder or a device, not a file</source>
        <translation>这是文件夹或设备，不是文件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the file cannot be read</source>
        <translation>无法读取该文件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the file is too large to be a certificate (over 1 MiB)</source>
        <translation>文件太大，不可能是证书（超过 1 MiB）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the file holds no PEM certificate</source>
        <translation>文件中没有 PEM 证书</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the file cannot be used</source>
        <translation>该文件无法使用</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Destination “%1”: the trusted certificate file %2 cannot be used: %3.</source>
        <translation>推流目标“%1”：受信任的证书文件 %2 无法使用：%3。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>choose a file, a device or an address first</source>
        <translation>请先选择文件、设备或地址</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the file %1 is not there (moved or deleted?)</source>
        <translation>找不到文件 %1（已移动或删除？）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the file %1 cannot be opened</source>
        <translation>无法打开文件 %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 is not a picture or video the studio can show</source>
        <translation>%1 不是可显示的图片或视频</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a local camera&apos;s number is 0 to 63</source>
        <translation>本地摄像头的编号应为 0 到 63</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the picture %1 is too large (at most 50 megapixels)</source>
        <translation>图片 %1 太大（最多 5000 万像素）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the camera&apos;s password is no longer kept on this computer; enter the whole address again in its properties</source>
        <translation>这台电脑上已不再保存该摄像头的密码；请在它的属性里重新输入完整地址</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>its settings are not valid</source>
        <translation>设置无效</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>“%1” cannot be shown: %2. Open its properties.</source>
        <translation>“%1”无法显示：%2。请打开它的属性检查。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>%1 sources cannot be shown: %2. Open their properties.</source>
        <translation>%1 个来源无法显示：%2。请打开它们的属性检查。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The URL must start with rtmp:// or rtmps://, not %1.</source>
        <translation>地址必须以 rtmp:// 或 rtmps:// 开头，不能是 %1。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The push URL is empty.</source>
        <translation>推流地址为空。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>This looks like a stream key, not a push URL: give the server&apos;s rtmp:// address and put the key in the stream key field (or paste the whole push URL).</source>
        <translation>这看起来是推流密钥，而不是推流地址：请填写服务器的 rtmp:// 地址，并把密钥填在“推流密钥”一栏（或粘贴完整的推流地址）。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The URL contains spaces or line breaks; copy it again without them.</source>
        <translation>地址中含有空格或换行，请去掉后重新粘贴。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The URL must start with rtmp:// or rtmps://.</source>
        <translation>地址必须以 rtmp:// 或 rtmps:// 开头。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The URL has no server name after rtmp://.</source>
        <translation>地址中 rtmp:// 后面缺少服务器名。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The URL has an invalid port number.</source>
        <translation>地址中的端口号无效。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The URL has no port number after the server (udp://host:port).</source>
        <translation>网址的服务器后面没有端口号（udp://主机:端口）。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The URL has no application path after the server (rtmp://host/live).</source>
        <translation>地址中服务器后面缺少应用路径（例如 rtmp://host/live）。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Connecting…</source>
        <translation>正在连接…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Live</source>
        <translation>直播中</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reconnecting…</source>
        <translation>正在重连…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Nothing is listening at the server address (connection refused).</source>
        <translation>服务器地址上没有推流服务（连接被拒绝）。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The server refused the stream key or the app name.</source>
        <translation>服务器拒绝了推流密钥或应用名。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This stream key is already live from another encoder.</source>
        <translation>此推流密钥已在其他软件或设备上推流。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The server cannot be reached: check the address and the network.</source>
        <translation>无法连接服务器：请检查地址和网络。</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+28"/>
        <source>The stream could not be started.</source>
        <translation>无法开始推流。</translation>
    </message>
    <message>
        <location line="-26"/>
        <source>The server accepted the connection but did not answer within 10 s.</source>
        <translation>服务器接受了连接，但 10 秒内没有响应。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Connection lost; reconnecting.</source>
        <translation>连接已断开，正在重连。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The server&apos;s certificate is not trusted (self-signed or from an unknown authority): the stream key was not sent. For your own server, choose its certificate file in the destination&apos;s settings.</source>
        <translation>服务器证书不受信任（自签名或来自未知的证书机构）：推流密钥没有发送。如果是您自己的服务器，请在该推流目标的设置里选择它的证书文件。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The server&apos;s certificate has expired: the stream key was not sent.</source>
        <translation>服务器证书已过期：推流密钥没有发送。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The server&apos;s certificate is not valid yet (check this PC&apos;s date and time): the stream key was not sent.</source>
        <translation>服务器证书尚未生效（请检查这台电脑的日期和时间）：推流密钥没有发送。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The server&apos;s certificate is for another server name: the stream key was not sent. Check the server address.</source>
        <translation>服务器证书属于另一个服务器名称：推流密钥没有发送。请检查服务器地址。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The trusted certificate file of this destination cannot be read: the stream key was not sent.</source>
        <translation>无法读取该推流目标的受信任证书文件：推流密钥没有发送。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The secure (TLS) connection to the server failed: the stream key was not sent.</source>
        <translation>与服务器的安全（TLS）连接失败：推流密钥没有发送。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>%1: no picture from the camera; reconnecting (attempt %2).</source>
        <translation>%1：摄像头没有画面，正在重连（第 %2 次）。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>The microphone was lost; the stream carries silence until it is back.</source>
        <translation>麦克风断开了；在它回来之前，直播中没有声音。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1: microphone lost; the stream carries silence until it is back.</source>
        <translation>%1：麦克风已断开，重新连接前直播中将没有声音。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No microphone can be used; the stream carries silence.</source>
        <translation>没有可用的麦克风；直播中没有声音。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1: microphone unavailable; the stream carries silence.</source>
        <translation>%1：麦克风不可用，直播中将没有声音。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1: the video file cannot be played; retrying.</source>
        <translation>%1：视频文件无法播放，正在重试。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No Chinese font was found: Chinese text may not show.</source>
        <translation>未找到中文字体：中文可能无法显示。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 needs attention.</source>
        <translation>%1 需要处理。</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>The disk is full: the recording stopped. What was recorded is kept in %1. Streaming goes on.</source>
        <translation>磁盘已满，录制已停止。已录制的内容保存在 %1。直播不受影响。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The recording folder is gone (deleted, or the disk was removed): the recording stopped (%1). Streaming goes on.</source>
        <translation>录制文件夹已不存在（被删除或磁盘已拔出），录制已停止（%1）。直播不受影响。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The recording stopped (%1). Streaming goes on.</source>
        <translation>录制已停止（%1），直播不受影响。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The disk is full: the recording stopped. What was recorded is kept in %1.</source>
        <translation>磁盘已满，录制已停止。已录制的内容保存在 %1。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The recording folder is gone (deleted, or the disk was removed): the recording stopped (%1).</source>
        <translation>录制文件夹已不存在（被删除或磁盘已拔出），录制已停止：%1。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The recording stopped (%1).</source>
        <translation>录制已停止：%1。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>CPU overloaded: %1% of frames lagged. Lower the canvas or turn off an effect.</source>
        <translation>CPU 过载：%1% 的帧卡顿。请降低画布分辨率或关闭部分特效。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Network unstable: %1% of frames dropped. Lower the bitrate or check the network.</source>
        <translation>网络不稳定：丢帧 %1%。请降低码率或检查网络。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Network unstable: a destination is reconnecting.</source>
        <translation>网络不稳定：有推流目标正在重连。</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Choose a picture or a video to put behind you first.</source>
        <translation>请先选择一张放在你身后的图片或一段视频。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The effect setting %1 must be a whole number from 0 to 100.</source>
        <translation>特效设置 %1 必须是 0 到 100 之间的整数。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>The background picture cannot be used: %1. The background is not replaced.</source>
        <translation>无法使用背景图：%1。背景未被替换。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>%1 is not available on this computer, so the effects are off. Choose Auto or CPU under “Runs on”.</source>
        <translation>这台电脑上没有 %1，特效已关闭。请在“运行设备”中选择“自动”或 CPU。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The inference provider is unknown or cannot start, so the effects are off. Choose Auto under “Runs on”.</source>
        <translation>推理设备未知或无法启动，特效已关闭。请在“运行设备”中选择“自动”。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The model %1 is missing; the effect is off — reinstall Shopcast Studio.</source>
        <translation>模型 %1 缺失，该特效已关闭——请重新安装 Shopcast Studio。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The model %1 is damaged; the effect is off — reinstall Shopcast Studio.</source>
        <translation>模型 %1 已损坏，该特效已关闭——请重新安装 Shopcast Studio。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The model list does not match the models (%1); the effects are off — reinstall Shopcast Studio.</source>
        <translation>模型清单与模型不符（%1），特效已关闭——请重新安装 Shopcast Studio。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The model %1 cannot be loaded; the effect is off — reinstall Shopcast Studio.</source>
        <translation>无法加载模型 %1，该特效已关闭——请重新安装 Shopcast Studio。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>An effect could not start and is off.</source>
        <translation>有一项特效无法启动，已关闭。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The graphics card could not run the effects; they run on the CPU.</source>
        <translation>显卡无法运行特效，已改用 CPU 运行。</translation>
    </message>
    <message>
        <location filename="../app.py" line="+208"/>
        <source>Something went wrong (%1). What is live or recording goes on.</source>
        <translation>出了点问题（%1）。正在进行的直播和录制不受影响。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Something went wrong (%1).</source>
        <translation>出了点问题（%1）。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Something went wrong (%1). What is live or recording goes on; details are in %2.</source>
        <translation>出了点问题（%1）。正在进行的直播和录制不受影响；详情见 %2。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Something went wrong (%1); details are in %2.</source>
        <translation>出了点问题（%1）；详情见 %2。</translation>
    </message>
</context>
<context>
    <name>MixerPanel</name>
    <message>
        <location filename="../mixer_panel.py" line="+35"/>
        <source>No audio sources</source>
        <translation>没有音频来源</translation>
    </message>
</context>
<context>
    <name>OptionsForm</name>
    <message>
        <location filename="../connector_options.py" line="+111"/>
        <source>%1: write a whole number.</source>
        <translation>%1：请填写整数。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1: write a number.</source>
        <translation>%1：请填写数字。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>%1: from %2 to %3.</source>
        <translation>%1：应在 %2 到 %3 之间。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>%1: at least %2.</source>
        <translation>%1：至少 %2。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1: at most %2.</source>
        <translation>%1：最多 %2。</translation>
    </message>
</context>
<context>
    <name>OutputsPanel</name>
    <message>
        <location filename="../outputs_panel.py" line="+112"/>
        <source>Settings…</source>
        <translation>设置…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Destinations</source>
        <translation>推流目标</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+60"/>
        <source>Reconnect now</source>
        <translation>立即重连</translation>
    </message>
    <message>
        <location line="-34"/>
        <source>Stopping…</source>
        <translation>正在停止…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Stop streaming</source>
        <translation>停止直播</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Go live</source>
        <translation>开始直播</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Finishing the recording…</source>
        <translation>正在保存录像…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Stop recording</source>
        <translation>停止录制</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Start recording</source>
        <translation>开始录制</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>↓ %1 kbps (slow network)</source>
        <translation>↓ %1 kbps（网络慢）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>detail %1 %</source>
        <translation>画面细节 %1 %</translation>
    </message>
    <message>
        <location line="-88"/>
        <source>No destination yet: add one in Settings.</source>
        <translation>还没有推流目标，请在设置中添加。</translation>
    </message>
</context>
<context>
    <name>PlatformZones</name>
    <message>
        <location filename="../../scene/zones.py" line="+22"/>
        <source>Top bar: host, follow, viewers</source>
        <translation>顶部栏：主播、关注、观看人数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Comments and the pinned product</source>
        <translation>评论区与讲解商品卡</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bottom bar: comment box, cart, gifts</source>
        <translation>底部栏：评论框、购物车、礼物</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Side buttons and event badges</source>
        <translation>侧边按钮与活动挂件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Gift and entrance animations</source>
        <translation>礼物与进场特效</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Side margin cut on some phones</source>
        <translation>两侧边缘（部分手机会裁切）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Drawn over by the app (measured)</source>
        <translation>App 界面遮挡（实测）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not on the phone&apos;s screen (measured)</source>
        <translation>手机屏幕上看不到（实测）</translation>
    </message>
</context>
<context>
    <name>PreviewWidget</name>
    <message>
        <location filename="../preview.py" line="+200"/>
        <source>Preview</source>
        <translation>预览</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Stream preview: click a layer to select it, drag to move or resize it</source>
        <translation>直播预览：点击图层即可选中，拖动可移动或调整大小</translation>
    </message>
    <message>
        <location line="+138"/>
        <source>“%1” is under %2’s screen (%3): buyers will not see it. View → Move overlays out of the platforms’ screens.</source>
        <translation>“%1”被%2的界面遮住（%3）：买家看不到它。可用“视图 → 把叠加层移出平台界面遮挡区”。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>“%1” is under %2’s screen (%3), and %4 more layers are under the platforms’ screens: buyers will not see them. View → Move overlays out of the platforms’ screens.</source>
        <translation>“%1”被%2的界面遮住（%3），另有 %4 个图层也在平台界面下：买家看不到它们。可用“视图 → 把叠加层移出平台界面遮挡区”。</translation>
    </message>
    <message>
        <location line="+561"/>
        <source>{name} (locked)</source>
        <translation>{name}（已锁定）</translation>
    </message>
</context>
<context>
    <name>ProductDialog</name>
    <message>
        <location filename="../product_dialog.py" line="+106"/>
        <source>Edit product</source>
        <translation>编辑商品</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Add product</source>
        <translation>添加商品</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>ID</source>
        <translation>编号</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Name</source>
        <translation>商品名称</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Price</source>
        <translation>原价</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sale price</source>
        <translation>到手价</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stock</source>
        <translation>库存</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Link</source>
        <translation>商品链接</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Picture</source>
        <translation>商品图片</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Selling points</source>
        <translation>卖点</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>MOQ</source>
        <translation>起订量</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Lead time</source>
        <translation>交期</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Certifications</source>
        <translation>认证</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>FOB price</source>
        <translation>FOB 价</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>e.g. 99 or 19.90</source>
        <translation>例如 99 或 19.90</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>empty: no sale price</source>
        <translation>留空：没有到手价</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>empty: not tracked</source>
        <translation>留空：不计库存</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>One selling point per line</source>
        <translation>每行一个卖点</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Separated by commas, e.g. CE, FDA</source>
        <translation>用逗号分隔，例如 CE, FDA</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>In US dollars</source>
        <translation>以美元计</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Choose the product&apos;s picture</source>
        <translation>选择商品图片</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Pictures (%1)</source>
        <translation>图片 (%1)</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>Give the product an ID.</source>
        <translation>请填写商品编号。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The ID %1 is used by another product.</source>
        <translation>编号 %1 已被其他商品使用。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Give the product a name.</source>
        <translation>请填写商品名称。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The price</source>
        <translation>原价</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The sale price</source>
        <translation>到手价</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The FOB price</source>
        <translation>FOB 价</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The stock</source>
        <translation>库存</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>%1 is not a number: %2</source>
        <translation>%1不是数字：%2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 cannot be negative: %2</source>
        <translation>%1不能是负数：%2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 is too large: %2</source>
        <translation>%1太大：%2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 must be a whole number: %2</source>
        <translation>%1必须是整数：%2</translation>
    </message>
</context>
<context>
    <name>ProductsPanel</name>
    <message>
        <location filename="../products_panel.py" line="+225"/>
        <source>Catalog</source>
        <translation>商品库</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Search by name, ID or selling point</source>
        <translation>按名称、编号或卖点搜索</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Import…</source>
        <translation>导入…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Import products from a CSV, Excel or JSON file</source>
        <translation>从 CSV、Excel 或 JSON 文件导入商品</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancel import</source>
        <translation>取消导入</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Edit</source>
        <translation>编辑</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Move up</source>
        <translation>上移</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Move down</source>
        <translation>下移</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show on stream</source>
        <translation>讲解</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Put the selected product&apos;s card on screen as the one explained now</source>
        <translation>把选中商品的卡片放到画面上，作为正在讲解的商品</translation>
    </message>
    <message>
        <location line="+57"/>
        <source>The products could not be saved: %1</source>
        <translation>商品无法保存：%1</translation>
    </message>
    <message>
        <location line="+141"/>
        <source>The price</source>
        <translation>原价</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The sale price</source>
        <translation>到手价</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The stock</source>
        <translation>库存</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Importing %1… %2 s</source>
        <translation>正在导入 %1… %2 秒</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The import was cancelled: nothing was changed.</source>
        <translation>已取消导入：没有任何改动。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cannot import: %1</source>
        <translation>无法导入：%1</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Products imported: %1 · rows rejected: %2</source>
        <translation>导入 %1 个商品，%2 行被拒绝</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>…and %1 more rejected rows</source>
        <translation>……另有 %1 行被拒绝</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 notes to check, e.g. %2</source>
        <translation>%1 条提示请核对，例如 %2</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Import products</source>
        <translation>导入商品</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Catalogs (%1)</source>
        <translation>商品表 (%1)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>All files (*)</source>
        <translation>所有文件 (*)</translation>
    </message>
    <message>
        <location line="+130"/>
        <source>Delete the product “%1”?</source>
        <translation>删除商品“%1”？</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Delete %1 products?</source>
        <translation>删除 %1 个商品？</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete products</source>
        <translation>删除商品</translation>
    </message>
    <message>
        <location line="+53"/>
        <source>Add a product card</source>
        <translation>添加商品卡片</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The scene “%1” has no product card yet. Add one, showing the product explained now?</source>
        <translation>场景“%1”还没有商品卡片。要添加一个显示正在讲解商品的卡片吗？</translation>
    </message>
    <message>
        <location filename="../../commerce/overlay_kinds.py" line="+84"/>
        <source>Spec sheet</source>
        <translation>规格参数表</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Flash sale countdown</source>
        <translation>秒杀倒计时</translation>
    </message>
    <message>
        <location line="-12"/>
        <source>Product card</source>
        <translation>商品卡片</translation>
    </message>
    <message>
        <location filename="../products_panel.py" line="+199"/>
        <source>Add a countdown</source>
        <translation>添加倒计时</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The scene “%1” shows no flash sale countdown yet. Add one?</source>
        <translation>场景“%1”还没有秒杀倒计时。要添加一个吗？</translation>
    </message>
</context>
<context>
    <name>ProfileNotice</name>
    <message>
        <location filename="../profile_notice.py" line="+21"/>
        <source>The profile could not be used (%1) nor moved aside; opened read-only, changes will not be saved.</source>
        <translation>无法使用配置文件（%1），也无法将其移到一旁；已以只读方式打开，更改不会被保存。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>This profile was written by a newer Shopcast Studio; opened read-only, changes will not be saved. Showing its last good copy (%1).</source>
        <translation>此配置文件由较新版本的 Shopcast Studio 写入；已以只读方式打开，更改不会被保存。当前显示的是其最后一份完好的副本（%1）。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>This profile was written by a newer Shopcast Studio; opened read-only, changes will not be saved. Showing the default set-up.</source>
        <translation>此配置文件由较新版本的 Shopcast Studio 写入；已以只读方式打开，更改不会被保存。当前显示的是默认设置。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The profile could not be used (%1). Its last good copy is loaded; the damaged file was kept as %2.</source>
        <translation>无法使用配置文件（%1）。已载入其最后一份完好的副本；损坏的文件已保留为 %2。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The profile could not be used (%1). Starting with the default set-up; the damaged file was kept as %2.</source>
        <translation>无法使用配置文件（%1）。将以默认设置启动；损坏的文件已保留为 %2。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>This profile is open read-only: destinations, stream keys and chat connections cannot be changed here.</source>
        <translation>此配置文件以只读方式打开：无法在此更改推流目标、推流密钥和评论连接。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>%1 (read-only)</source>
        <translation>%1（只读）</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>%1; and %2 more</source>
        <translation>%1；另有 %2 处问题</translation>
    </message>
</context>
<context>
    <name>PropertiesDialog</name>
    <message>
        <location filename="../properties_dialog.py" line="+196"/>
        <source>%1:</source>
        <translation>%1：</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>This source has nothing to set.</source>
        <translation>此来源没有可设置的项目。</translation>
    </message>
    <message>
        <location line="+95"/>
        <source>Write a colour as #rrggbb, or #rrggbbaa with transparency.</source>
        <translation>颜色格式为 #rrggbb，带透明度时为 #rrggbbaa。</translation>
    </message>
</context>
<context>
    <name>QuickStartDialog</name>
    <message>
        <location filename="../quick_start.py" line="+60"/>
        <source>Quick start</source>
        <translation>快速上手</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The quick start page is missing from this installation.</source>
        <translation>此安装中缺少快速上手页面。</translation>
    </message>
</context>
<context>
    <name>RulesDialog</name>
    <message>
        <location filename="../answer_rules_dialog.py" line="+85"/>
        <source>Answer rules</source>
        <translation>回答规则</translation>
    </message>
    <message>
        <location line="+62"/>
        <source>Fields</source>
        <translation>可用字段</translation>
    </message>
    <message>
        <location line="-54"/>
        <source>Shipping</source>
        <translation>运费</translation>
    </message>
    <message>
        <location line="-4"/>
        <source>Price</source>
        <translation>价格</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Colours and sizes</source>
        <translation>颜色和尺码</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stock</source>
        <translation>库存</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Discount</source>
        <translation>优惠</translation>
    </message>
    <message>
        <location line="-45"/>
        <location line="+47"/>
        <source>Returns</source>
        <translation>退换</translation>
    </message>
    <message>
        <location line="-56"/>
        <source>Spanish</source>
        <translation>西班牙语</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Portuguese</source>
        <translation>葡萄牙语</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>French</source>
        <translation>法语</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Russian</source>
        <translation>俄语</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Arabic</source>
        <translation>阿拉伯语</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Shipping (at home)</source>
        <translation>国内运费</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Shipping abroad</source>
        <translation>海外运输</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Said only to buyers at home, e.g. free shipping nationwide</source>
        <translation>只对国内买家说，例如：全国包邮</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Said to buyers abroad, e.g. DHL 7-15 days, FOB Ningbo; empty: no answer to them</source>
        <translation>对海外买家说，例如：DHL 7-15 天，FOB 宁波；留空则不回答海外买家</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>MOQ</source>
        <translation>起订量</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Lead time</source>
        <translation>交期</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Certifications</source>
        <translation>认证</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>FOB price</source>
        <translation>FOB 价格</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>How to buy</source>
        <translation>怎么购买</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Material</source>
        <translation>材质</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Selling points</source>
        <translation>卖点</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Asked (one a line)</source>
        <translation>买家问法（每行一个）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Answer</source>
        <translation>回答</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Answers go out in the buyer&apos;s language. Sections separated by || answer each case; an empty one uses the built-in words.</source>
        <translation>回答使用买家的语言。用 || 分隔的各段分别回答不同情况；留空的一段使用内置说法。</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>What the answers quote for every product. A buyer abroad, or writing in a foreign language, is never told the shipping terms for home.</source>
        <translation>回答引用的店铺条款，适用于所有商品。海外买家或用外语提问的买家，不会收到国内运费条款。</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Rules</source>
        <translation>规则</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Shop terms</source>
        <translation>店铺条款</translation>
    </message>
    <message>
        <location line="-143"/>
        <source>Dispatch</source>
        <translation>发货</translation>
    </message>
    <message>
        <location line="-12"/>
        <source>Chinese</source>
        <translation>中文</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>English</source>
        <translation>英文</translation>
    </message>
    <message>
        <location line="+234"/>
        <source>Fix these rules before saving:</source>
        <translation>保存前请修正这些规则：</translation>
    </message>
</context>
<context>
    <name>SaleSection</name>
    <message>
        <location filename="../sale_section.py" line="+78"/>
        <source>Flash sale</source>
        <translation>限时秒杀</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Duration</source>
        <translation>时长</translation>
    </message>
    <message>
        <location line="+1"/>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Quantity</source>
        <translation>数量</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Start the countdown for this product (it is put on screen)</source>
        <translation>开始这个商品的秒杀倒计时（同时放到画面上讲解）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Sold 1</source>
        <translation>卖出 1 件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>End</source>
        <translation>结束</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>For: %1</source>
        <translation>秒杀商品：%1</translation>
    </message>
    <message>
        <location line="-2"/>
        <source>Select a product in the catalog</source>
        <translation>请在商品库中选择商品</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>For: %1 (goes on screen)</source>
        <translation>秒杀商品：%1（开始时放上画面）</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Out of stock: set the stock before a flash sale</source>
        <translation>已无库存：请先设置库存再开始秒杀</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No flash sale running</source>
        <translation>没有进行中的秒杀</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Sold out: all %1 sold</source>
        <translation>已抢光：%1 件全部售出</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Ended: %1 of %2 sold</source>
        <translation>已结束：售出 %1/%2 件</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 left · %2 of %3 pieces left</source>
        <translation>剩余 %1 · 还剩 %2/%3 件</translation>
    </message>
</context>
<context>
    <name>ScenesPanel</name>
    <message>
        <location filename="../scenes_panel.py" line="+64"/>
        <source>Add a scene</source>
        <translation>添加场景</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Duplicate</source>
        <translation>复制</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Duplicate the selected scene</source>
        <translation>复制选中的场景</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rename</source>
        <translation>重命名</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rename the selected scene (or double-click it)</source>
        <translation>重命名选中的场景（也可双击）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete the selected scene</source>
        <translation>删除选中的场景</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Move up</source>
        <translation>上移</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Move down</source>
        <translation>下移</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../settings_dialog.py" line="+136"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>General</source>
        <translation>通用</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Video</source>
        <translation>视频</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Output</source>
        <translation>输出</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Audio</source>
        <translation>音频</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Recording</source>
        <translation>录制</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Destinations</source>
        <translation>推流目标</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hotkeys</source>
        <translation>快捷键</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Stop streaming and recording first: these settings cannot change while live.</source>
        <translation>请先停止直播和录制：直播时无法更改这些设置。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>System language</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Language:</source>
        <translation>语言：</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Custom size</source>
        <translation>自定义尺寸</translation>
    </message>
    <message>
        <location filename="../../settings_schema.py" line="+107"/>
        <source> px</source>
        <translation> 像素</translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="+12"/>
        <source>%1 fps</source>
        <translation>%1 帧/秒</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Canvas:</source>
        <translation>画布：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Size:</source>
        <translation>尺寸：</translation>
    </message>
    <message>
        <location filename="../../settings_schema.py" line="+25"/>
        <source>Frame rate:</source>
        <translation>帧率：</translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="+15"/>
        <source>Automatic (hardware when available)</source>
        <translation>自动（优先使用硬件编码）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 (not available here)</source>
        <translation>%1（本机不可用）</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>x264 only: faster presets use less CPU at some cost in picture quality.</source>
        <translation>仅对 x264 有效：越快的预设占用 CPU 越少，但画质稍差。</translation>
    </message>
    <message>
        <location filename="../../settings_schema.py" line="+30"/>
        <source> kbps</source>
        <translation> kbps</translation>
    </message>
    <message>
        <location line="+29"/>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="+6"/>
        <source>Platforms ask for a keyframe every 2 seconds.</source>
        <translation>各直播平台要求关键帧间隔为 2 秒。</translation>
    </message>
    <message>
        <location filename="../../settings_schema.py" line="-79"/>
        <source>Canvas width</source>
        <translation>画布宽度</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Canvas height</source>
        <translation>画布高度</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Video encoder:</source>
        <translation>视频编码器：</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>x264 preset:</source>
        <translation>x264 预设：</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Video bitrate:</source>
        <translation>视频码率：</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Audio bitrate:</source>
        <translation>音频码率：</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Keyframe interval:</source>
        <translation>关键帧间隔：</translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="+20"/>
        <source>Default microphone</source>
        <translation>默认麦克风</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>None (a silent track)</source>
        <translation>无（静音音轨）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1 (not connected)</source>
        <translation>%1（未连接）</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Microphone:</source>
        <translation>麦克风：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Platforms reject streams without sound: with no microphone, silence is sent.</source>
        <translation>平台会拒绝没有声音的直播流：不使用麦克风时会发送静音。</translation>
    </message>
    <message>
        <location filename="../../settings_schema.py" line="+13"/>
        <source>Record while streaming</source>
        <translation>开播时自动录制</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Keep recording after the stream stops</source>
        <translation>直播停止后继续录制</translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="+17"/>
        <source>Off: a recording that started with the stream stops with it. A recording started with the Record button stops only with that button.</source>
        <translation>关闭时：随开播开始的录制会随停播一起停止。用录制按钮开始的录制只在再次点该按钮时停止。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <location filename="../../settings_schema.py" line="-16"/>
        <source>Folder:</source>
        <translation>文件夹：</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Format:</source>
        <translation>格式：</translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="+29"/>
        <source>Add…</source>
        <translation>添加…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Edit…</source>
        <translation>编辑…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <location line="+161"/>
        <source>Destination changes are saved at once; stream keys are kept in the system keyring, never in the settings file.</source>
        <translation>推流目标的更改会立即保存；推流密钥保存在系统密钥环中，不会写入设置文件。</translation>
    </message>
    <message>
        <location line="-122"/>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <location line="-58"/>
        <source>MKV and MP4 both survive a crash or power cut, playable up to about the last second.</source>
        <translation>MKV 和 MP4 在程序崩溃或断电后都能播放，最多丢失最后约一秒。</translation>
    </message>
    <message>
        <location line="+59"/>
        <source>No key for this action</source>
        <translation>取消此操作的快捷键</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Restore defaults</source>
        <translation>恢复默认</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Switch to scene “%1”</source>
        <translation>切换到场景“%1”</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Width and height must be even numbers.</source>
        <translation>宽度和高度必须是偶数。</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Above what some destinations accept (kbps): %1</source>
        <translation>超过部分推流目标允许的上限（kbps）：%1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The stream goes out at %1 kbps.</source>
        <translation>直播将以 %1 kbps 推流。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Folder for recordings</source>
        <translation>录像保存文件夹</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Choose a folder for recordings.</source>
        <translation>请选择录像保存文件夹。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>(off)</source>
        <translation>（已停用）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>(no stream key)</source>
        <translation>（无推流密钥）</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Destination changes are saved at once. No system keyring: stream keys and signed push URLs are kept in %1, readable only by you, never in the settings file.</source>
        <translation>推流目标的更改会立即保存。没有系统密钥环：推流密钥和带签名的推流地址保存在 %1 中，只有您能读取，绝不写入设置文件。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>No system keyring: stream keys and signed push URLs cannot be kept. Start or unlock your keyring and try again.</source>
        <translation>没有系统密钥环：无法保存推流密钥和带签名的推流地址。请启动或解锁密钥环后重试。</translation>
    </message>
    <message>
        <location line="+80"/>
        <source>Remove destination</source>
        <translation>移除推流目标</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove “%1” and forget its stream key?</source>
        <translation>移除“%1”并删除其推流密钥？</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>%1 is used by: %2</source>
        <translation>%1 被多个操作占用：%2</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>%1 tab: %2</source>
        <translation>“%1”页：%2</translation>
    </message>
</context>
<context>
    <name>SetupWizard</name>
    <message>
        <location filename="../setup_wizard.py" line="+269"/>
        <source>Set up your live room</source>
        <translation>设置直播间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Shop name:</source>
        <translation>店铺名称：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>shown on the screen before you start</source>
        <translation>开播前显示在画面上</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Where do you sell live?</source>
        <translation>你在哪个平台直播带货？</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Stream key:</source>
        <translation>推流密钥：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Look again</source>
        <translation>重新查找</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Portrait 9:16
(phones: Douyin, Kuaishou, Taobao)</source>
        <translation>竖屏 9:16
（手机观看：抖音、快手、淘宝）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Landscape 16:9
(computers: YouTube, Twitch)</source>
        <translation>横屏 16:9
（电脑观看：YouTube、Twitch）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Skip set-up</source>
        <translation>跳过设置</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Back</source>
        <translation>上一步</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Next</source>
        <translation>下一步</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Finish</source>
        <translation>完成</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Go live</source>
        <translation>开始直播</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Speak: the bar should move. Viewers hear this microphone.</source>
        <translation>说几句话：音量条应该会跳动。观众听到的就是这个麦克风。</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>The push URL and key are kept in the system keyring, not in files.</source>
        <translation>推流地址和密钥保存在系统密钥环中，不会写进文件。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No system keyring: kept in %1, readable only by you.</source>
        <translation>没有系统密钥环：保存在 %1，只有你能读取。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No system keyring: the push URL cannot be kept after you quit.</source>
        <translation>没有系统密钥环：退出后推流地址无法保存。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Where to find it on %1: %2</source>
        <translation>在%1上哪里找：%2</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Push URL:</source>
        <translation>推流地址：</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Server:</source>
        <translation>服务器：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>rtmp://…  (paste the whole push URL)</source>
        <translation>rtmp://…  （粘贴完整的推流地址）</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Which platform?</source>
        <translation>哪个平台？</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Push URL for %1</source>
        <translation>%1 的推流地址</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Camera</source>
        <translation>摄像头</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Microphone</source>
        <translation>麦克风</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Portrait or landscape?</source>
        <translation>竖屏还是横屏？</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Step %1 of %2</source>
        <translation>第 %1 步，共 %2 步</translation>
    </message>
    <message>
        <location line="+75"/>
        <source>Paste the stream key too: the platform refuses the stream without it.</source>
        <translation>还要粘贴推流密钥：没有密钥，平台会拒绝推流。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Ready.</source>
        <translation>可以了。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Paste the whole push URL, or skip this step and add it later.</source>
        <translation>粘贴完整的推流地址，或跳过这一步，以后再添加。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Type the server&apos;s address (rtmp://…) and its stream key if it has one, or skip this step and add it later.</source>
        <translation>填写服务器地址（rtmp://…），有推流密钥的话也填上；也可以跳过这一步，以后再添加。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Paste the stream key, or skip this step and add it later.</source>
        <translation>粘贴推流密钥，或跳过这一步，以后再添加。</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>Saved: %1.</source>
        <translation>已保存：%1。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Looking for cameras…</source>
        <translation>正在查找摄像头…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Looking for microphones…</source>
        <translation>正在查找麦克风…</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Camera %1</source>
        <translation>摄像头 %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No camera: show a “Starting soon” slate</source>
        <translation>不用摄像头：显示“马上开始”画面</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>The camera in use (not found now)</source>
        <translation>正在使用的摄像头（现在没有找到）</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>The camera in use is not found now. Check that it is plugged in and that no other app is using it: it comes back by itself. To show your shop&apos;s name and “Starting soon” instead, choose “No camera”.</source>
        <translation>现在没有找到正在使用的摄像头。请检查它是否插好、是否有其他应用正在使用它：恢复后会自动接上。想改为显示店名和“马上开始”，请选择“不用摄像头”。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>No camera found. Check that it is plugged in, that no other app (a video call, the platform&apos;s own app) is using it, and that the system allows this app to use the camera; then press “Look again”. Until then viewers see your shop&apos;s name and “Starting soon”, with no test picture and no beep.</source>
        <translation>没有找到摄像头。请检查：摄像头是否已插好；是否有其他应用（视频通话、平台自己的应用）正在使用它；系统是否允许本应用使用摄像头。然后点“重新查找”。在此之前，观众看到的是你的店铺名称和“马上开始”，不会出现测试画面，也没有提示音。</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Default microphone</source>
        <translation>默认麦克风</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Default microphone (%1)</source>
        <translation>默认麦克风（%1）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No microphone: a silent sound track</source>
        <translation>不用麦克风：无声音轨</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>%1 (not found now)</source>
        <translation>%1（现在没有找到）</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>No microphone found. Check that it is plugged in and that the system allows this app to use it. Until then the stream carries silence.</source>
        <translation>没有找到麦克风。请检查麦克风是否已插好，以及系统是否允许本应用使用它。在此之前，直播没有声音。</translation>
    </message>
    <message>
        <location line="+49"/>
        <source>You are live already: Finish keeps the stream going.</source>
        <translation>已经在直播了：点“完成”直播会继续。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Ready: “Go live” streams to %1.</source>
        <translation>准备好了：点“开始直播”推流到 %1。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No push URL yet: press Back to add it, or finish and add it later in Settings.</source>
        <translation>还没有推流地址：点“上一步”添加，或先完成，以后在设置中添加。</translation>
    </message>
</context>
<context>
    <name>ShowSection</name>
    <message>
        <location filename="../show_section.py" line="+138"/>
        <source>Run-of-show</source>
        <translation>排品</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Product</source>
        <translation>商品</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Role</source>
        <translation>定位</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Target</source>
        <translation>目标时长</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Add to show</source>
        <translation>加入排品</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Add the products selected in the catalog to the end of the show</source>
        <translation>把商品库中选中的商品加到排品末尾</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Move up</source>
        <translation>上移</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Move down</source>
        <translation>下移</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>◀ Previous</source>
        <translation>◀ 上一个</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Next ▶</source>
        <translation>下一个 ▶</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Traffic driver</source>
        <translation>引流款</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Profit maker</source>
        <translation>利润款</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Limited</source>
        <translation>限量款</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Regular</source>
        <translation>常规款</translation>
    </message>
    <message>
        <location line="+45"/>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>On screen: %1</source>
        <translation>正在讲解：%1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No product on screen</source>
        <translation>画面上没有商品</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Target %1</source>
        <translation>目标 %1</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Spent %1 / target %2</source>
        <translation>已讲 %1 / 目标 %2</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Over the target time</source>
        <translation>已超过目标时长</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>The run-of-show is empty: select products in the catalog and press “Add to show”.</source>
        <translation>排品为空：请在商品库中选中商品，再点“加入排品”。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This scene shows no product card: press “Show on stream” to add one.</source>
        <translation>这个场景没有商品卡片：点“讲解”即可添加。</translation>
    </message>
</context>
<context>
    <name>SourceSettings</name>
    <message>
        <location filename="../../capture/camera.py" line="+87"/>
        <location filename="../../capture/microphone.py" line="+210"/>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>0 (first camera) or rtsp://192.168.1.20:8554/live</source>
        <translation>0（第一个摄像头）或 rtsp://192.168.1.20:8554/live</translation>
    </message>
    <message>
        <location filename="../../capture/image.py" line="+96"/>
        <location filename="../../capture/video_file.py" line="+47"/>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Images (*.png *.jpg *.jpeg *.webp *.bmp *.tif *.tiff)</source>
        <translation>图片 (*.png *.jpg *.jpeg *.webp *.bmp *.tif *.tiff)</translation>
    </message>
    <message>
        <location filename="../../capture/microphone.py" line="+3"/>
        <source>Default microphone</source>
        <translation>默认麦克风</translation>
    </message>
    <message>
        <location filename="../../capture/registry.py" line="+172"/>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location line="-6"/>
        <location line="+14"/>
        <source>Camera</source>
        <translation>摄像头</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>IP camera or phone</source>
        <translation>网络摄像头或手机</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Microphone</source>
        <translation>麦克风</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Image</source>
        <translation>图片</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Video file</source>
        <translation>视频文件</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../../capture/text.py" line="+44"/>
        <source>Text</source>
        <translation>文字</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Product card</source>
        <translation>商品卡片</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Lower third</source>
        <translation>字幕条</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pinned comment</source>
        <translation>置顶评论</translation>
    </message>
    <message>
        <location filename="../../capture/text.py" line="-13"/>
        <source>left</source>
        <translation>左对齐</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>center</source>
        <translation>居中</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>right</source>
        <translation>右对齐</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Font size</source>
        <translation>字号</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bold</source>
        <translation>粗体</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Colour</source>
        <translation>颜色</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Background</source>
        <translation>背景色</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Alignment</source>
        <translation>对齐方式</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Padding</source>
        <translation>内边距</translation>
    </message>
    <message>
        <location filename="../../capture/video_file.py" line="+3"/>
        <source>Videos (*.mp4 *.mov *.mkv *.webm *.avi *.flv)</source>
        <translation>视频 (*.mp4 *.mov *.mkv *.webm *.avi *.flv)</translation>
    </message>
    <message>
        <location filename="../window_layers.py" line="-100"/>
        <source>crop</source>
        <translation>裁剪填满</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>letterbox</source>
        <translation>完整显示</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>stretch</source>
        <translation>拉伸填满</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Fit</source>
        <translation>缩放方式</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Opacity (%)</source>
        <translation>不透明度（%）</translation>
    </message>
    <message>
        <location filename="../../commerce/overlay_kinds.py" line="-1"/>
        <source>card</source>
        <translation>商品卡片</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>spec</source>
        <translation>规格参数</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>countdown</source>
        <translation>秒杀倒计时</translation>
    </message>
    <message>
        <location filename="../../commerce/source.py" line="+36"/>
        <source>auto</source>
        <translation>跟随界面语言</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>zh</source>
        <translation>中文</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>en</source>
        <translation>英文</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>both</source>
        <translation>中英双语</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Product</source>
        <translation>商品</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>empty: the product explained now</source>
        <translation>留空：显示正在讲解的商品</translation>
    </message>
    <message>
        <location line="+4"/>
        <location filename="../../chat/layer.py" line="+80"/>
        <source>Shows</source>
        <translation>显示内容</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../../commerce/lower_third.py" line="+20"/>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Subtitle</source>
        <translation>副标题</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Accent colour</source>
        <translation>强调色</translation>
    </message>
    <message>
        <location filename="../../capture/overlay.py" line="+16"/>
        <source>Width</source>
        <translation>宽度</translation>
    </message>
    <message>
        <location filename="../../chat/layer.py" line="-54"/>
        <source>pinned</source>
        <translation>置顶评论</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>answer</source>
        <translation>回答卡片</translation>
    </message>
</context>
<context>
    <name>StatsGraph</name>
    <message>
        <location filename="../graph.py" line="+68"/>
        <source>Bitrate of each destination (kbps, left) and frames per second (right).</source>
        <translation>各推流目标的码率（kbps，左侧刻度）和每秒帧数（右侧刻度）。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Bitrate and frame rate graph</source>
        <translation>码率和帧率图</translation>
    </message>
    <message>
        <location line="+55"/>
        <source>fps</source>
        <translation>fps</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>now</source>
        <translation>现在</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>No figures yet.</source>
        <translation>暂无数据。</translation>
    </message>
</context>
<context>
    <name>StudioStatusBar</name>
    <message>
        <location filename="../status.py" line="+108"/>
        <location line="+6"/>
        <source>CPU %1%</source>
        <translation>CPU %1%</translation>
    </message>
    <message>
        <location line="-21"/>
        <source>LIVE %1</source>
        <translation>直播中 %1</translation>
    </message>
    <message>
        <location line="-25"/>
        <source>Viewers %1</source>
        <translation>观众 %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1: %2 watching</source>
        <translation>%1：%2 人在看</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>, %1 so far</source>
        <translation>，累计 %1</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Not live</source>
        <translation>未开播</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>LIVE %1 (%2 of %3 destinations)</source>
        <translation>直播中 %1（%3 个推流目标中 %2 个在线）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Connecting… %1</source>
        <translation>正在连接… %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not live: every destination failed</source>
        <translation>未在直播：所有推流目标都失败了</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>%1 fps</source>
        <translation>%1 帧/秒</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Lagged %1 (%2%)</source>
        <translation>卡顿 %1（%2%）</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Frames the computer could not make in time (last 10 s in %).</source>
        <translation>电脑来不及渲染的帧（最近 10 秒的占比）。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Dropped %1 (%2%)</source>
        <translation>丢帧 %1（%2%）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Frames the network could not carry (last 10 s in %).</source>
        <translation>网络来不及发送而丢弃的帧（最近 10 秒的占比）。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>REC %1  %2 MB</source>
        <translation>录制 %1  %2 MB</translation>
    </message>
</context>
<context>
    <name>ZoneMeasureDialog</name>
    <message>
        <location filename="../zone_measure_dialog.py" line="+49"/>
        <source>Measure a platform’s screen</source>
        <translation>实测平台界面</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>1. Put the calibration card on the stream and go live (the card stays on the stream when you close this window, until you take it off here).
2. On a phone, open your live room in the platform’s app as a buyer would, and take a screenshot.
3. Copy the screenshot to this computer and choose it here.</source>
        <translation>1. 把校准卡放到直播画面上并开播（关闭这个窗口后校准卡仍留在画面上，直到你在这里撤下它）。
2. 用手机像买家一样在平台 App 里打开你的直播间，截屏。
3. 把截图传到这台电脑，在这里选择它。</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Choose the screenshot…</source>
        <translation>选择截图…</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Use these zones</source>
        <translation>使用这些区域</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Back to the estimated zones</source>
        <translation>恢复预估区域</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Platform</source>
        <translation>平台</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Calibration card</source>
        <translation>校准卡</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Take the card off the stream</source>
        <translation>从画面上撤下校准卡</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Put the card on the stream</source>
        <translation>把校准卡放到画面上</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>The phone’s screenshot</source>
        <translation>手机截图</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Pictures (%1)</source>
        <translation>图片 (%1)</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Measuring…</source>
        <translation>正在测量…</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>Nothing in this screenshot covers the card: take it of the live room in the platform’s app, not of the studio&apos;s preview.</source>
        <translation>这张截图里没有任何东西盖在校准卡上：请在平台 App 的直播间里截屏，而不是截本软件的预览。</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Found %1 parts the app draws over and %2 strips the phone cuts off (the stream is shown at %3 phone pixels per canvas pixel). Use these zones for %4?</source>
        <translation>找到 %1 处被 App 界面遮挡、%2 条被手机裁掉的边（手机上每个画布像素显示为 %3 个像素）。要把这些区域用于%4吗？</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>%1 is not a picture the studio can read.</source>
        <translation>%1 不是本软件能读取的图片。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Measuring went wrong (%1); details are in the studio’s log.</source>
        <translation>测量出错（%1）；详情见本软件的日志。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The screenshot is turned: take it with the phone upright.</source>
        <translation>截图是歪的：请竖直拿手机截屏。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The live room is too small in the screenshot: show it full screen.</source>
        <translation>截图里的直播间太小：请全屏观看后再截屏。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The screenshot is larger than any phone’s screen.</source>
        <translation>这张截图比任何手机屏幕都大。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The calibration card is not in this screenshot: put it on the stream, wait until the phone shows it, then take the screenshot.</source>
        <translation>截图里没有校准卡：请先把校准卡放到画面上，等手机上显示出来后再截屏。</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Back to the estimated zones for %1.</source>
        <translation>%1 已恢复为预估区域。</translation>
    </message>
</context>
<context>
    <name>_CameraField</name>
    <message>
        <location filename="../properties_dialog.py" line="-171"/>
        <source>Looking for cameras…</source>
        <translation>正在查找摄像头…</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Camera %1</source>
        <translation>摄像头 %1</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Camera %1 (not found now)</source>
        <translation>摄像头 %1（现在没有找到）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No camera found (camera %1)</source>
        <translation>没有找到摄像头（摄像头 %1）</translation>
    </message>
</context>
<context>
    <name>_ColourField</name>
    <message>
        <location line="-100"/>
        <source>Pick a colour</source>
        <translation>选择颜色</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>#rrggbb or #rrggbbaa</source>
        <translation>#rrggbb 或 #rrggbbaa</translation>
    </message>
</context>
<context>
    <name>_FileField</name>
    <message>
        <location line="+46"/>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Choose a file</source>
        <translation>选择文件</translation>
    </message>
</context>
</TS>
