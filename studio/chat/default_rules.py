"""The studio's own answer rules: what buyers ask, in seven languages, and how it is answered.

Chinese and English patterns and templates are written beside each rule; the other languages
(Spanish, Portuguese, French, Russian, Arabic: B2B buyers' usual languages) in `_MORE_LANGS`,
one entry per rule. Patterns other than Chinese match whole words ("precio" not in "precios";
a "*" ends a stem: "сертифика*" matches сертификат, сертификаты); Arabic ones match inside a
word too, since its articles and prepositions are written joined ("السعر", "بسعر").
The rules are ordered: the first that matches and can answer wins, so the narrow topics (MOQ,
FOB, lead time) come before the broad ones (price, any question about a variant).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from studio.chat.answer_rules import QUESTION_PATTERN, AnswerRule

_ZH_EN_RULES: tuple[AnswerRule, ...] = (
    AnswerRule(
        "moq",
        "moq",
        ("moq", "起订", "起批", "最少订", "最少买", "最低订", "最小订", "最少要", "几件起",
         "多少件起", "最少几件"),
        ("moq", "minimum order", "min order", "minimum quantity", "min quantity", "min qty",
         "minimum qty"),
        "起订量 {moq}",
        "Our MOQ is {moq}",
    ),
    AnswerRule(
        "fob",
        "fob",
        ("fob", "离岸价", "出厂价", "批发价", "大货价", r"re:\d{3,}(件|个|只|套|条|双|pcs|pc)"),
        ("fob", "wholesale price", "bulk price", "factory price", "ex works",
         r"re:(price|cost|how much|quote)( \w+)? (for|of) \d{2,}",
         r"re:\d{3,} ?(pcs|pieces|units|pc|sets)"),
        "{quantity} 件 FOB 单价 {fob_price}，合计 {total}"
        " || FOB 单价 {fob_price}/件{moq_note}",
        "FOB {fob_price}/pc, {quantity} pcs = {total} || FOB {fob_price} per piece{moq_note}",
    ),
    AnswerRule(
        "lead_time",
        "lead_time",
        ("交期", "交货期", "货期", "生产周期", "多久发货", "什么时候发货", "何时发货", "几天发货",
         "多久能发", "啥时候发", "什么时候发", "多久发", "几天能发", "几时发货"),
        ("lead time", "leadtime", "production time", "delivery time", "when ship",
         "when will it ship", "when do you ship", "how long to ship", "ship out", "dispatch"),
        "交期 {lead_time} || {dispatch}",
        "Lead time: {lead_time} || {dispatch}",
    ),
    AnswerRule(
        "certifications",
        "certifications",
        ("认证", "证书", "资质", "检测报告", "质检报告", "ce", "fda", "rohs"),
        ("certification", "certifications", "certificate", "certificates", "certified",
         "ce", "fda", "rohs", "iso"),
        "有的，认证：{certifications}",
        "Yes, certified: {certifications}",
    ),
    AnswerRule(
        "returns",
        "returns",
        ("退货", "退换", "换货", "能退", "可以退", "包退", "包换", "无理由", "售后", "保修",
         "退款"),
        ("return", "returns", "refund", "exchange", "warranty"),
        "{returns}",
        "{returns}",
    ),
    AnswerRule(
        "discount",
        "discount",
        ("优惠", "便宜", "折扣", "打折", "几折", "满减", "立减", "能减", "少点", "降价", "券",
         "福利", "有活动", "秒杀", "让利", "砍价", "再少"),
        ("discount", "discounts", "coupon", "coupons", "deal", "deals", "promo", "promotion",
         "sale", "cheaper", "any offer", "special offer", "best price", "lower price"),
        "限时秒杀进行中！仅剩 {sale_left} 件，{sale_time}后结束{price_note}"
        " || 直播间到手价 {sale_price}，比原价 {price} 省 {saving}"
        " || 现在已经是直播间最低价啦，关注主播不错过下一波福利",
        "Flash sale on now: only {sale_left} left, ends in {sale_time}{price_note}"
        " || Live price {sale_price}, {saving} off the usual {price}"
        " || No promotion right now, this is already our best price. Follow for the next deal!",
    ),
    AnswerRule(
        "shipping",
        "shipping",
        ("包邮", "运费", "邮费", "快递", "顺丰", "中通", "圆通", "申通", "韵达", "极兔", "邮政",
         "京东物流", "发货地", "从哪发", "哪里发货", "哪发货", "偏远",
         "几天到", "多久到", "多久能到", "送货", "配送"),
        ("shipping", "ship to", "free ship", "delivery", "deliver", "postage", "courier"),
        "{shipping}",
        "{shipping}",
    ),
    AnswerRule(
        "price",
        "price",
        ("多少钱", "多钱", "价格", "价钱", "价位", "售价", "几块", "多少米", "啥价", "什么价",
         "怎么卖", "咋卖", "贵吗", "贵不贵",
         # "军绿色冲锋衣多少": a bare 多少 at the end after a thing, not after 库存/起订量/几天...
         r"re:(?<![量存剩有久天码号米克斤件个次张袋瓶盒少订批费])多少[呀啊呢哇吖]*$"),
        ("price", "prices", "pricing", "how much", "cost", "costs"),
        "现在直播间到手价 {sale_price}，原价 {price} || 价格 {price}",
        "Now {sale_price} (was {price}) || It's {price}",
    ),
    AnswerRule(
        "material",
        "material",
        ("材质", "材料", "面料", "什么做的", "啥做的", "什么料", "啥料", "什么豆", "成分",
         r"re:(真丝|丝绸|蚕丝|棉|羊毛|羊绒|不锈钢|304|316|铜|真皮|皮革|牛皮)的?"
         r"(吗|么|嘛|不|呢|还是|没)"),
        ("made of", "made from", "material", "materials", "fabric",
         r"re:(?:is|are) (?:it|this|that|they|these|the \w+(?: \w+)?) (?:made of |made from )?"
         r"(?:real |pure |genuine |100 )?(?:silk|cotton|wool|cashmere|leather|copper|stainless"
         r"|steel)(?![a-z])"),
        "是的，{points} || {name}：{points}",
        "Yes: {points} || {name}: {points}",
    ),
    AnswerRule(
        "feature",
        "feature",
        ("防不防水", "能不能机洗",
         r"re:(防水|机洗|水洗|保温|降噪|飞机|登机|敏感肌|孕妇|掉色|脱色|褪色|糖|酒精|添加|防腐剂"
         r"|起球|起皱|香精)了?(吗|么|嘛|不|没|多久|几|怎么样|效果|时间|能用|可以用|能带|可以带)",
         r"re:(有没有|含不含|有无|加没加|是否|会不会|能不能)(添加|防腐剂|糖|酒精|香精|掉色|起球|防水)"),
        (r"re:(?:is|are|does|do|can|will|how) .*(?:waterproof|water ?proof|water resistant"
         r"|washable|noise cancel|sensitive skin|pregnan|plane|flight|fade|smudge|sugar"
         r"|alcohol|additive|preservative|fragrance|keeps? (?:\w+ )?(?:hot|warm|cold))",),
        "是的，{points} || {name}：{points}",
        "Yes: {points} || {name}: {points}",
    ),
    AnswerRule(
        "variant",
        "variant",
        (QUESTION_PATTERN, "有", "颜色", "尺码", "码数", "尺寸", "规格", "款式", "什么色",
         "几种", "哪些色", "可选"),
        (QUESTION_PATTERN, "have", "any", "in", "available", "come in", "comes in", "color",
         "colors", "colour", "colours", "size", "sizes", "option", "options", "variants"),
        "有的，{variant}有货{stock_note} || {variant}暂时售罄了，可以先关注等补货"
        " || 暂时没有{asked}，现有：{variants} || 现有：{variants}{stock_note}",
        "Yes, we have {asked}{stock_note} || Sorry, {asked} is sold out right now"
        " || No {asked}, we have: {variants} || We have: {variants}{stock_note}",
    ),
    AnswerRule(
        "stock",
        "stock",
        ("有货", "库存", "还有吗", "还有多少", "剩多少", "还剩", "卖完", "售罄", "没货", "断货",
         "现货", "还有没有"),
        ("in stock", "stock", "sold out", "how many left", "any left", "still available",
         "available", "availability"),
        "有货，库存 {stock} 件 || 已经售罄啦，关注主播等补货 || 有货的，直接拍就可以",
        "Yes, {stock} in stock || Sorry, sold out right now || Yes, it's in stock",
    ),
    AnswerRule(
        "link",
        "link",
        ("链接", "怎么买", "怎么拍", "怎么下单", "怎么购买", "在哪买", "哪里买", "哪里拍", "在哪拍",
         "小黄车", "购物车", "怎么抢", "哪里下单"),
        ("link", "how to buy", "how do i buy", "how can i buy", "where to buy", "where can i buy",
         "how to order", "how do i order", "buy it", "cart", "checkout"),
        "点击下方小黄车，{number} 号链接就是 || 点击下方小黄车就可以下单",
        "Tap the cart below, it's item {number} || Tap the cart below to buy",
    ),
)  # fmt: skip

# rule id -> its patterns and template in each further language
_MORE_LANGS: dict[str, dict[str, Any]] = {
    "moq": {
        "patterns_es": ("pedido mínimo", "pedido minimo", "cantidad mínima", "cantidad minima",
                        "mínimo de compra", "compra mínima", "mínimo de pedido"),
        "patterns_pt": ("pedido mínimo", "pedido minimo", "quantidade mínima",
                        "quantidade minima", "compra mínima"),
        "patterns_fr": ("quantité minimale", "quantite minimale", "quantité minimum",
                        "minimum de commande", "commande minimale", "commande minimum"),
        "patterns_ru": ("минимальн* заказ*", "минимальн* парти*", "мин заказ*", "минималк*",
                        "минимальн* количеств*"),
        "patterns_ar": ("الحد الأدنى", "الحد الادنى", "أقل كمية", "اقل كمية",
                        "أقل طلب", "اقل طلب"),
        "template_es": "Nuestro pedido mínimo es {moq}",
        "template_pt": "Nosso pedido mínimo é {moq}",
        "template_fr": "Notre minimum de commande est de {moq}",
        "template_ru": "Минимальный заказ: {moq}",
        "template_ar": "الحد الأدنى للطلب: {moq}",
    },
    "fob": {
        "patterns_es": ("precio mayorista", "precio al por mayor", "precio de fábrica",
                        r"re:\d{3,} ?(piezas|unidades|uds|pzs)"),
        "patterns_pt": ("preço de atacado", "preco de atacado", "preço de fábrica",
                        r"re:\d{3,} ?(peças|pecas|unidades)"),
        "patterns_fr": ("prix de gros", "prix usine", "prix départ usine",
                        r"re:\d{3,} ?(pièces|pieces|unités|unites)"),
        "patterns_ru": ("оптов* цен*", "цен* опт*", "заводск* цен*", r"re:\d{3,} ?(шт|штук)"),
        "patterns_ar": ("سعر الجملة", "سعر المصنع", r"re:\d{3,} ?(قطعة|حبة)"),
        "template_es": "FOB {fob_price}/ud., {quantity} uds. = {total}"
                       " || FOB {fob_price} por unidad{moq_note}",
        "template_pt": "FOB {fob_price}/un., {quantity} un. = {total}"
                       " || FOB {fob_price} por unidade{moq_note}",
        "template_fr": "FOB {fob_price}/pièce, {quantity} pièces = {total}"
                       " || FOB {fob_price} la pièce{moq_note}",
        "template_ru": "FOB {fob_price}/шт., {quantity} шт. = {total}"
                       " || FOB {fob_price} за штуку{moq_note}",
        "template_ar": "FOB {fob_price} للقطعة، {quantity} قطعة = {total}"
                       " || FOB {fob_price} للقطعة{moq_note}",
    },
    "lead_time": {
        "patterns_es": ("tiempo de entrega", "plazo de entrega", "plazo", "tiempo de producción",
                        "tiempo de produccion", "cuándo envían", "cuando envian", "cuándo sale"),
        "patterns_pt": ("prazo de entrega", "prazo", "tempo de produção", "tempo de producao",
                        "quando enviam", "quando vocês enviam"),
        "patterns_fr": ("délai", "delai", "délais", "delais", "quand expédiez", "quand envoyez",
                        "temps de production"),
        "patterns_ru": ("срок*", "когда отправ*", "время производств*"),
        "patterns_ar": ("مدة التسليم", "وقت التسليم", "مدة التصنيع", "مدة الإنتاج", "متى تشحن",
                        "موعد التسليم"),
        "template_es": "Plazo de entrega: {lead_time} || {dispatch}",
        "template_pt": "Prazo de entrega: {lead_time} || {dispatch}",
        "template_fr": "Délai : {lead_time} || {dispatch}",
        "template_ru": "Срок поставки: {lead_time} || {dispatch}",
        "template_ar": "مدة التسليم: {lead_time} || {dispatch}",
    },
    "certifications": {
        "patterns_es": ("certificación", "certificacion", "certificaciones", "certificado",
                        "certificados"),
        "patterns_pt": ("certificação", "certificacao", "certificações", "certificacoes",
                        "certificado", "certificados"),
        "patterns_fr": ("certification", "certifications", "certifié", "certifie",
                        "certifiée", "certificat", "certificats"),
        "patterns_ru": ("сертифика*", "сертифицир*"),
        "patterns_ar": ("شهادة", "شهادات", "معتمد", "اعتماد"),
        "template_es": "Sí, certificaciones: {certifications}",
        "template_pt": "Sim, certificações: {certifications}",
        "template_fr": "Oui, certifications : {certifications}",
        "template_ru": "Да, сертификаты: {certifications}",
        "template_ar": "نعم، الشهادات: {certifications}",
    },
    "returns": {
        "patterns_es": ("devolución", "devolucion", "devoluciones", "reembolso", "garantía",
                        "garantia", "cambio", "devolver"),
        "patterns_pt": ("devolução", "devolucao", "reembolso", "garantia", "troca", "devolver"),
        "patterns_fr": ("retour", "retours", "remboursement", "garantie", "échange", "echange"),
        "patterns_ru": ("возврат*", "вернуть", "обмен*", "гаранти*"),
        "patterns_ar": ("إرجاع", "ارجاع", "استرجاع", "استرداد", "ضمان", "استبدال"),
        "template_es": "{returns}",
        "template_pt": "{returns}",
        "template_fr": "{returns}",
        "template_ru": "{returns}",
        "template_ar": "{returns}",
    },
    "discount": {
        "patterns_es": ("descuento", "descuentos", "oferta", "ofertas", "promoción", "promocion",
                        "rebaja", "rebajas", "cupón", "cupon", "más barato", "mas barato"),
        "patterns_pt": ("desconto", "descontos", "promoção", "promocao", "oferta", "ofertas",
                        "cupom", "mais barato"),
        "patterns_fr": ("réduction", "reduction", "remise", "promo", "promotion", "soldes",
                        "code promo", "moins cher"),
        "patterns_ru": ("скидк*", "акци*", "промокод*", "дешевле"),
        "patterns_ar": ("خصم", "تخفيض", "تخفيضات", "كوبون", "أرخص", "ارخص"),
        "template_es": "Oferta relámpago ahora: solo quedan {sale_left}, termina en {sale_time}"
                       "{price_note} || Precio en directo {sale_price}, {saving} menos que el"
                       " habitual {price} || Ahora no hay promoción, ya es nuestro mejor precio."
                       " ¡Síguenos para la próxima oferta!",
        "template_pt": "Oferta relâmpago agora: só restam {sale_left}, termina em {sale_time}"
                       "{price_note} || Preço da live {sale_price}, {saving} a menos que o"
                       " normal {price} || Sem promoção agora, já é o nosso melhor preço."
                       " Siga-nos para a próxima oferta!",
        "template_fr": "Vente flash en cours : plus que {sale_left}, fin dans {sale_time}"
                       "{price_note} || Prix du live {sale_price}, {saving} de moins que le prix"
                       " habituel {price} || Pas de promotion pour l'instant, c'est déjà notre"
                       " meilleur prix. Abonnez-vous pour la prochaine offre !",
        "template_ru": "Флеш-распродажа: осталось {sale_left} шт., до конца {sale_time}"
                       "{price_note} || Цена в эфире {sale_price}, на {saving} дешевле обычной"
                       " {price} || Сейчас акций нет, это уже наша лучшая цена. Подпишитесь,"
                       " чтобы не пропустить следующую!",
        "template_ar": "عرض سريع الآن: بقي {sale_left} فقط، ينتهي خلال {sale_time}{price_note}"
                       " || سعر البث {sale_price}، أقل بـ {saving} من السعر المعتاد {price}"
                       " || لا يوجد عرض حالياً، هذا أفضل سعر لدينا. تابعنا للعرض القادم!",
    },
    "shipping": {
        "patterns_es": ("envío", "envio", "envíos", "envios", "envían", "envian", "enviar",
                        "envías", "mandan", "flete", "entrega a", "llega a"),
        "patterns_pt": ("envio", "envios", "enviam", "enviar", "frete", "entrega", "entregam",
                        "mandam"),
        "patterns_fr": ("livraison", "livrez", "livrer", "expédiez", "expediez", "expédition",
                        "expedition", "envoyez", "frais de port"),
        "patterns_ru": ("доставк*", "доставля*", "доставит*", "отправк*", "отправляет*",
                        "пересылк*"),
        "patterns_ar": ("شحن", "تشحن", "توصيل", "توصلون"),
        "template_es": "{shipping}",
        "template_pt": "{shipping}",
        "template_fr": "{shipping}",
        "template_ru": "{shipping}",
        "template_ar": "{shipping}",
    },
    "price": {
        "patterns_es": ("precio", "precios", "cuánto", "cuanto", "cuesta", "cuestan", "vale",
                        "valen", "costo", "coste"),
        "patterns_pt": ("preço", "preco", "preços", "quanto custa", "quanto custam",
                        "quanto é", "quanto e", "valor", "custa", "custam"),
        "patterns_fr": ("prix", "combien", "coûte", "coute", "coûtent", "coutent", "tarif"),
        "patterns_ru": ("цен*", "сколько сто*", "стоимост*", "почём", "почем", "прайс"),
        "patterns_ar": ("سعر", "بكم", "ثمن", "تكلفة", "كم يكلف", "كم تكلف"),
        "template_es": "Ahora {sale_price} (antes {price}) || Cuesta {price}",
        "template_pt": "Agora {sale_price} (antes {price}) || Custa {price}",
        "template_fr": "Maintenant {sale_price} (au lieu de {price}) || C'est {price}",
        "template_ru": "Сейчас {sale_price} (было {price}) || Цена {price}",
        "template_ar": "الآن {sale_price} (بدلاً من {price}) || السعر {price}",
    },
    "material": {
        "patterns_es": ("material", "tela", "hecho de", "hecha de", "seda", "algodón", "algodon",
                        "lana", "cuero", "cobre", "acero inoxidable"),
        "patterns_pt": ("material", "tecido", "feito de", "feita de", "seda", "algodão",
                        "algodao", "lã", "couro", "cobre", "aço inox*", "aco inox*"),
        "patterns_fr": ("matière", "matiere", "matériau", "materiau", "tissu", "en quoi", "soie",
                        "coton", "laine", "cuir", "cuivre", "inox"),
        "patterns_ru": ("материал*", "ткан*", "из чего", "шёлк*", "шелк*", "хлоп*", "шерст*",
                        "кож*", "медь", "меди", "медн*", "нержав*", "натуральн*"),
        "patterns_ar": ("خامة", "الخامة", "مصنوع", "حرير", "قطن", "صوف", "جلد", "نحاس"),
        "template_es": "Sí: {points} || {name}: {points}",
        "template_pt": "Sim: {points} || {name}: {points}",
        "template_fr": "Oui : {points} || {name} : {points}",
        "template_ru": "Да: {points} || {name}: {points}",
        "template_ar": "نعم: {points} || {name}: {points}",
    },
    "feature": {
        "patterns_es": ("impermeable", "resistente al agua", "sumergible", "lavable",
                        "lavadora", "azúcar", "azucar", "alcohol", "conservantes", "aditivos",
                        "piel sensible", "embarazada*", "avión", "avion", "destiñe"),
        "patterns_pt": ("prova d água", "prova d agua", "impermeável", "impermeavel",
                        "resistente à água", "resistente a agua", "máquina de lavar",
                        "açúcar", "acucar", "álcool", "alcool", "conservantes",
                        "pele sensível", "grávida*", "gravida*", "avião", "aviao", "desbota"),
        "patterns_fr": ("étanche", "etanche", "imperméable", "impermeable", "résiste à l eau",
                        "resiste a l eau", "résistant à l eau", "resistant a l eau",
                        "résistante à l eau", "lavable", "sucre", "alcool", "conservateurs",
                        "peau sensible", "enceinte", "avion", "déteint"),
        "patterns_ru": ("водонепроница*", "водостойк*", "влагозащ*", "не промока*", "стирк*",
                        "сахар*", "спирт*", "консервант*", "чувствительн* кож*",
                        "беременн*", "самолёт*", "самолет*", "линя*"),
        "patterns_ar": ("مقاوم للماء", "مقاومة للماء", "ضد الماء", "مضاد للماء", "سكر", "كحول",
                        "مواد حافظة", "حساسة", "الحامل", "الطائرة"),
        "template_es": "Sí: {points} || {name}: {points}",
        "template_pt": "Sim: {points} || {name}: {points}",
        "template_fr": "Oui : {points} || {name} : {points}",
        "template_ru": "Да: {points} || {name}: {points}",
        "template_ar": "نعم: {points} || {name}: {points}",
    },
    "variant": {
        "patterns_es": (QUESTION_PATTERN, "hay", "tienen", "tienes", "color", "colores", "talla",
                        "tallas", "disponible", "existe"),
        "patterns_pt": (QUESTION_PATTERN, "tem", "têm", "cor", "cores", "tamanho", "tamanhos",
                        "disponível", "disponivel"),
        "patterns_fr": (QUESTION_PATTERN, "couleur", "couleurs", "taille", "tailles", "existe",
                        "dispo", "disponible", "avez"),
        "patterns_ru": (QUESTION_PATTERN, "есть", "цвет*", "размер*", "бывает"),
        "patterns_ar": (QUESTION_PATTERN, "لون", "ألوان", "الوان", "مقاس", "يوجد", "متوفر",
                        "عندكم"),
        "template_es": "Sí, tenemos {asked}{stock_note} || Lo sentimos, {asked} está agotado"
                       " ahora || No hay {asked}, tenemos: {variants} || Tenemos: {variants}"
                       "{stock_note}",
        "template_pt": "Sim, temos {asked}{stock_note} || Desculpe, {asked} está esgotado no"
                       " momento || Não temos {asked}, temos: {variants} || Temos: {variants}"
                       "{stock_note}",
        "template_fr": "Oui, nous avons {asked}{stock_note} || Désolé, {asked} est épuisé pour"
                       " le moment || Pas de {asked}, nous avons : {variants}"
                       " || Nous avons : {variants}{stock_note}",
        "template_ru": "Да, есть {asked}{stock_note} || Извините, {asked} сейчас нет в наличии"
                       " || {asked} нет, есть: {variants} || Есть: {variants}{stock_note}",
        "template_ar": "نعم، متوفر {asked}{stock_note} || عذراً، {asked} نفد حالياً"
                       " || لا يوجد {asked}، المتوفر: {variants} || المتوفر: {variants}"
                       "{stock_note}",
    },
    "stock": {
        "patterns_es": ("stock", "existencias", "quedan", "agotado", "agotados",
                        "disponibilidad"),
        "patterns_pt": ("estoque", "esgotado", "esgotados", "ainda tem", "disponibilidade"),
        "patterns_fr": ("stock", "en stock", "rupture", "épuisé", "epuise", "il en reste"),
        "patterns_ru": ("в наличии", "наличи*", "остал*", "закончил*"),
        "patterns_ar": ("المخزون", "مخزون", "نفد", "نفذ", "متوفر"),
        "template_es": "Sí, quedan {stock} en stock || Lo sentimos, agotado por ahora"
                       " || Sí, está disponible",
        "template_pt": "Sim, {stock} em estoque || Desculpe, esgotado no momento"
                       " || Sim, está disponível",
        "template_fr": "Oui, {stock} en stock || Désolé, épuisé pour le moment"
                       " || Oui, il est disponible",
        "template_ru": "Да, в наличии {stock} шт. || Извините, сейчас нет в наличии"
                       " || Да, есть в наличии",
        "template_ar": "نعم، متوفر {stock} قطعة || عذراً، نفدت الكمية حالياً || نعم، متوفر",
    },
    "link": {
        "patterns_es": ("enlace", "cómo compro", "como compro", "cómo comprar", "como comprar",
                        "dónde compro", "donde compro", "carrito"),
        "patterns_pt": ("como compro", "como comprar", "onde compro", "carrinho"),
        "patterns_fr": ("lien", "comment acheter", "où acheter", "ou acheter", "panier",
                        "comment commander"),
        "patterns_ru": ("ссылк*", "как купить", "где купить", "как заказать", "корзин*"),
        "patterns_ar": ("رابط", "كيف أشتري", "كيف اشتري", "السلة", "كيف أطلب", "كيف اطلب"),
        "template_es": "Toca el carrito abajo, es el artículo {number}"
                       " || Toca el carrito abajo para comprar",
        "template_pt": "Toque no carrinho abaixo, é o item {number}"
                       " || Toque no carrinho abaixo para comprar",
        "template_fr": "Touchez le panier en bas, c'est l'article {number}"
                       " || Touchez le panier en bas pour acheter",
        "template_ru": "Нажмите на корзину внизу, товар № {number}"
                       " || Нажмите на корзину внизу, чтобы купить",
        "template_ar": "اضغط على السلة في الأسفل، المنتج رقم {number}"
                       " || اضغط على السلة في الأسفل للشراء",
    },
}  # fmt: skip

DEFAULT_RULES: tuple[AnswerRule, ...] = tuple(
    replace(rule, **_MORE_LANGS.get(rule.id, {})) for rule in _ZH_EN_RULES
)
DEFAULT_BY_TOPIC = {rule.topic: rule for rule in DEFAULT_RULES}
