"""First versions of the legal pages, in the six portal languages, loaded by a data migration. Staff
publish later versions in the admin."""

import datetime

PUBLISHED = datetime.date(2024, 1, 15)
PRIVACY_VERSION = "2024-1"

PAGES = {
    "privacy": {
        "en": ("Privacy notice", """MIEUX+ is implemented by the International Centre for Migration Policy Development (ICMPD) and funded by the European Union. ICMPD is the controller of the personal data processed in this portal.

What we process: the name, e-mail address, telephone and language of account holders; for experts also nationality, employer, languages, experience, CV, availability and feedback on deployments.

Why: to handle requests for assistance, to organise Actions and their activities, and to select and deploy experts. Experts' data is processed on the basis of their consent, which they can withdraw at any time.

Who sees it: MIEUX+ staff; the members of the Steering Committee see requests, never experts' data. Participant surveys are anonymous. Nothing personal is published.

How long: account data as long as the account exists; experts' data until they ask for erasure, and at most five years after their last deployment.

Your rights: access, correction, erasure, restriction and portability. Experts download their data and ask for erasure from their profile. Others write to the MIEUX+ team; you may also complain to a data protection authority."""),
        "fr": ("Avis de confidentialité", """MIEUX+ est mis en œuvre par le Centre international pour le développement des politiques migratoires (ICMPD) et financé par l'Union européenne. L'ICMPD est responsable du traitement des données personnelles de ce portail.

Ce que nous traitons : le nom, l'adresse e-mail, le téléphone et la langue des titulaires de compte ; pour les experts aussi la nationalité, l'employeur, les langues, l'expérience, le CV, les disponibilités et les retours sur les déploiements.

Pourquoi : pour traiter les demandes d'assistance, organiser les Actions et leurs activités, et sélectionner et déployer des experts. Les données des experts sont traitées sur la base de leur consentement, qu'ils peuvent retirer à tout moment.

Qui les voit : l'équipe MIEUX+ ; les membres du comité de pilotage voient les demandes, jamais les données des experts. Les enquêtes auprès des participants sont anonymes. Rien de personnel n'est publié.

Combien de temps : les données de compte tant que le compte existe ; celles des experts jusqu'à leur demande d'effacement, et au plus cinq ans après leur dernier déploiement.

Vos droits : accès, rectification, effacement, limitation et portabilité. Les experts téléchargent leurs données et demandent leur effacement depuis leur profil. Les autres personnes écrivent à l'équipe MIEUX+ ; vous pouvez aussi saisir une autorité de protection des données."""),
        "es": ("Aviso de privacidad", """MIEUX+ es ejecutado por el Centro Internacional para el Desarrollo de Políticas Migratorias (ICMPD) y financiado por la Unión Europea. El ICMPD es el responsable del tratamiento de los datos personales de este portal.

Qué tratamos: el nombre, la dirección de correo electrónico, el teléfono y el idioma de los titulares de cuentas; de los expertos también la nacionalidad, el empleador, los idiomas, la experiencia, el CV, la disponibilidad y las valoraciones de los despliegues.

Para qué: para tramitar las solicitudes de asistencia, organizar las Acciones y sus actividades, y seleccionar y desplegar expertos. Los datos de los expertos se tratan sobre la base de su consentimiento, que pueden retirar en cualquier momento.

Quién los ve: el equipo de MIEUX+; los miembros del Comité Director ven las solicitudes, nunca los datos de los expertos. Las encuestas a participantes son anónimas. No se publica nada personal.

Cuánto tiempo: los datos de la cuenta mientras exista la cuenta; los de los expertos hasta que pidan su supresión y, como máximo, cinco años después de su último despliegue.

Sus derechos: acceso, rectificación, supresión, limitación y portabilidad. Los expertos descargan sus datos y piden su supresión desde su perfil. Las demás personas escriben al equipo de MIEUX+; también puede reclamar ante una autoridad de protección de datos."""),
        "pt": ("Aviso de privacidade", """O MIEUX+ é executado pelo Centro Internacional para o Desenvolvimento de Políticas Migratórias (ICMPD) e financiado pela União Europeia. O ICMPD é o responsável pelo tratamento dos dados pessoais deste portal.

O que tratamos: o nome, o endereço de e-mail, o telefone e a língua dos titulares de contas; dos peritos também a nacionalidade, o empregador, as línguas, a experiência, o CV, a disponibilidade e as avaliações dos destacamentos.

Para quê: para tratar os pedidos de assistência, organizar as Ações e as suas atividades, e selecionar e destacar peritos. Os dados dos peritos são tratados com base no seu consentimento, que podem retirar a qualquer momento.

Quem os vê: a equipa MIEUX+; os membros do Comité Diretor veem os pedidos, nunca os dados dos peritos. Os inquéritos aos participantes são anónimos. Nada de pessoal é publicado.

Durante quanto tempo: os dados da conta enquanto a conta existir; os dos peritos até pedirem o apagamento e, no máximo, cinco anos após o seu último destacamento.

Os seus direitos: acesso, retificação, apagamento, limitação e portabilidade. Os peritos descarregam os seus dados e pedem o apagamento a partir do seu perfil. As outras pessoas escrevem à equipa MIEUX+; pode também apresentar queixa a uma autoridade de proteção de dados."""),
        "ar": ("إشعار الخصوصية", """ينفّذ برنامج MIEUX+ المركز الدولي لتطوير سياسات الهجرة (ICMPD) بتمويل من الاتحاد الأوروبي. والمركز هو المسؤول عن معالجة البيانات الشخصية في هذه البوابة.

ما نعالجه: اسم أصحاب الحسابات وعنوان بريدهم الإلكتروني وهاتفهم ولغتهم؛ وبالنسبة إلى الخبراء أيضًا الجنسية وجهة العمل واللغات والخبرة والسيرة الذاتية والتوفر والتقييمات الخاصة بالانتدابات.

لماذا: لمعالجة طلبات المساعدة، وتنظيم الإجراءات وأنشطتها، واختيار الخبراء وانتدابهم. تُعالج بيانات الخبراء بناءً على موافقتهم، ويمكنهم سحبها في أي وقت.

من يراها: فريق MIEUX+؛ ويرى أعضاء اللجنة التوجيهية الطلبات ولا يرون بيانات الخبراء أبدًا. استبيانات المشاركين مجهولة الهوية. ولا يُنشر أي شيء شخصي.

مدة الاحتفاظ: بيانات الحساب ما دام الحساب قائمًا؛ وبيانات الخبراء حتى يطلبوا محوها، وبحد أقصى خمس سنوات بعد آخر انتداب لهم.

حقوقك: الاطلاع والتصحيح والمحو والتقييد وقابلية النقل. يُنزّل الخبراء بياناتهم ويطلبون محوها من ملفهم الشخصي. ويراسل الآخرون فريق MIEUX+؛ ويمكنك أيضًا تقديم شكوى إلى سلطة حماية البيانات."""),
        "ru": ("Уведомление о конфиденциальности", """MIEUX+ реализуется Международным центром по развитию миграционной политики (ICMPD) и финансируется Европейским союзом. ICMPD является оператором персональных данных, обрабатываемых на этом портале.

Что мы обрабатываем: имя, адрес эл. почты, телефон и язык владельцев учётных записей; у экспертов также гражданство, работодателя, языки, опыт, резюме, доступность и отзывы о командировках.

Зачем: для обработки запросов о помощи, организации Действий и их мероприятий, подбора и направления экспертов. Данные экспертов обрабатываются на основании их согласия, которое они могут отозвать в любой момент.

Кто их видит: сотрудники MIEUX+; члены Руководящего комитета видят запросы, но никогда — данные экспертов. Опросы участников анонимны. Ничего личного не публикуется.

Как долго: данные учётной записи — пока она существует; данные экспертов — до их запроса на удаление и не более пяти лет после последней командировки.

Ваши права: доступ, исправление, удаление, ограничение обработки и переносимость. Эксперты скачивают свои данные и запрашивают удаление в своём профиле. Остальные пишут команде MIEUX+; вы также можете подать жалобу в орган по защите данных."""),
    },
    "accessibility": {
        "en": ("Accessibility statement", """MIEUX+ wants this portal to be usable by everyone, including people who use a screen reader, the keyboard only, magnification or a phone. It aims to meet the Web Content Accessibility Guidelines (WCAG) 2.1 at level AA, the standard of the European accessibility rules for public-sector websites (EN 301 549).

Compliance status: partially compliant. Every page of every role is checked automatically with axe-core in a real browser, in English, French, Spanish, Portuguese, Arabic (right to left) and Russian, and by hand with the keyboard.

Known limits: the map is also given as a table under it; charts on the staff dashboard repeat the tables below them; documents uploaded by partners and experts may not be accessible.

Feedback: if something does not work for you, tell us with the form below. It reaches the MIEUX+ team, who answer within ten working days.

If you are not satisfied with the answer, you can turn to the enforcement body of your country."""),
        "fr": ("Déclaration d'accessibilité", """MIEUX+ veut que ce portail soit utilisable par tous, y compris les personnes qui utilisent un lecteur d'écran, le clavier seul, un agrandissement ou un téléphone. Il vise le niveau AA des Règles pour l'accessibilité des contenus Web (WCAG) 2.1, la norme des règles européennes d'accessibilité des sites du secteur public (EN 301 549).

État de conformité : partiellement conforme. Chaque page de chaque rôle est vérifiée automatiquement avec axe-core dans un vrai navigateur, en anglais, français, espagnol, portugais, arabe (de droite à gauche) et russe, et à la main au clavier.

Limites connues : la carte est aussi donnée sous forme de tableau ; les graphiques du tableau de bord reprennent les tableaux situés dessous ; les documents déposés par les partenaires et les experts peuvent ne pas être accessibles.

Retour : si quelque chose ne fonctionne pas pour vous, dites-le-nous avec le formulaire ci-dessous. Il parvient à l'équipe MIEUX+, qui répond sous dix jours ouvrables.

Si la réponse ne vous satisfait pas, vous pouvez vous adresser à l'organisme de contrôle de votre pays."""),
        "es": ("Declaración de accesibilidad", """MIEUX+ quiere que este portal pueda usarlo todo el mundo, incluidas las personas que usan un lector de pantalla, solo el teclado, ampliación o un teléfono. Aspira al nivel AA de las Pautas de Accesibilidad al Contenido Web (WCAG) 2.1, la norma de las reglas europeas de accesibilidad de los sitios del sector público (EN 301 549).

Situación de cumplimiento: parcialmente conforme. Cada página de cada perfil se comprueba automáticamente con axe-core en un navegador real, en inglés, francés, español, portugués, árabe (de derecha a izquierda) y ruso, y a mano con el teclado.

Limitaciones conocidas: el mapa también se ofrece como tabla; los gráficos del panel repiten las tablas que tienen debajo; los documentos subidos por socios y expertos pueden no ser accesibles.

Comentarios: si algo no le funciona, díganoslo con el formulario de abajo. Llega al equipo de MIEUX+, que responde en un plazo de diez días hábiles.

Si la respuesta no le satisface, puede dirigirse al organismo de control de su país."""),
        "pt": ("Declaração de acessibilidade", """O MIEUX+ quer que este portal possa ser usado por todos, incluindo pessoas que usam um leitor de ecrã, apenas o teclado, ampliação ou um telemóvel. Visa o nível AA das Diretrizes de Acessibilidade para o Conteúdo da Web (WCAG) 2.1, a norma das regras europeias de acessibilidade dos sítios do setor público (EN 301 549).

Estado de conformidade: parcialmente conforme. Cada página de cada perfil é verificada automaticamente com axe-core num navegador real, em inglês, francês, espanhol, português, árabe (da direita para a esquerda) e russo, e manualmente com o teclado.

Limitações conhecidas: o mapa também é apresentado como tabela; os gráficos do painel repetem as tabelas abaixo deles; os documentos carregados por parceiros e peritos podem não ser acessíveis.

Comentários: se algo não funcionar para si, diga-nos com o formulário abaixo. Chega à equipa MIEUX+, que responde no prazo de dez dias úteis.

Se não ficar satisfeito com a resposta, pode dirigir-se ao organismo de fiscalização do seu país."""),
        "ar": ("بيان إمكانية الوصول", """يريد MIEUX+ أن تكون هذه البوابة قابلة للاستخدام من الجميع، بمن فيهم مستخدمو قارئات الشاشة أو لوحة المفاتيح وحدها أو التكبير أو الهاتف. وتهدف إلى استيفاء المستوى AA من إرشادات الوصول إلى محتوى الويب (WCAG) 2.1، وهو معيار القواعد الأوروبية لإمكانية الوصول إلى مواقع القطاع العام (EN 301 549).

حالة الامتثال: امتثال جزئي. تُفحص كل صفحة لكل دور آليًا باستخدام axe-core في متصفح حقيقي، بالإنجليزية والفرنسية والإسبانية والبرتغالية والعربية (من اليمين إلى اليسار) والروسية، ويدويًا بلوحة المفاتيح.

حدود معروفة: تُعرض الخريطة أيضًا في جدول أسفلها؛ وتكرر الرسوم البيانية في لوحة تحكم الفريق الجداول الموجودة تحتها؛ وقد لا تكون الوثائق التي يرفعها الشركاء والخبراء قابلة للوصول.

الملاحظات: إذا لم يعمل شيء ما معك، فأخبرنا عبر النموذج أدناه. يصل إلى فريق MIEUX+ الذي يرد في غضون عشرة أيام عمل.

إذا لم يرضك الرد، يمكنك التوجه إلى جهة الرقابة في بلدك."""),
        "ru": ("Заявление о доступности", """MIEUX+ стремится к тому, чтобы порталом могли пользоваться все, в том числе люди, использующие экранный диктор, только клавиатуру, увеличение или телефон. Цель — уровень AA Руководства по доступности веб-контента (WCAG) 2.1, стандарта европейских правил доступности сайтов государственного сектора (EN 301 549).

Статус соответствия: частичное соответствие. Каждая страница каждой роли автоматически проверяется с помощью axe-core в настоящем браузере на английском, французском, испанском, португальском, арабском (справа налево) и русском языках, а также вручную с клавиатуры.

Известные ограничения: карта дублируется таблицей под ней; графики на панели сотрудников повторяют таблицы под ними; документы, загруженные партнёрами и экспертами, могут быть недоступны.

Обратная связь: если что-то у вас не работает, сообщите нам через форму ниже. Сообщение получает команда MIEUX+, которая отвечает в течение десяти рабочих дней.

Если ответ вас не устроит, вы можете обратиться в контролирующий орган своей страны."""),
    },
    "legal-notice": {
        "en": ("Legal notice", """Publisher: International Centre for Migration Policy Development (ICMPD), Gonzagagasse 1, 1010 Vienna, Austria, on behalf of the MIEUX+ initiative.

MIEUX+ is funded by the European Union. The content of this portal is the sole responsibility of ICMPD and does not necessarily reflect the views of the European Union.

The open data published on this portal may be reused freely, with mention of the source. Country boundaries shown on the map do not imply any position on the status of any territory.

Contact: write to the MIEUX+ team through the portal, or use the form of the accessibility statement for accessibility problems."""),
        "fr": ("Mentions légales", """Éditeur : Centre international pour le développement des politiques migratoires (ICMPD), Gonzagagasse 1, 1010 Vienne, Autriche, pour le compte de l'initiative MIEUX+.

MIEUX+ est financé par l'Union européenne. Le contenu de ce portail relève de la seule responsabilité de l'ICMPD et ne reflète pas nécessairement les opinions de l'Union européenne.

Les données ouvertes publiées sur ce portail peuvent être réutilisées librement, avec mention de la source. Les frontières figurant sur la carte n'impliquent aucune prise de position sur le statut d'un territoire.

Contact : écrivez à l'équipe MIEUX+ depuis le portail, ou utilisez le formulaire de la déclaration d'accessibilité pour les problèmes d'accessibilité."""),
        "es": ("Aviso legal", """Editor: Centro Internacional para el Desarrollo de Políticas Migratorias (ICMPD), Gonzagagasse 1, 1010 Viena, Austria, en nombre de la iniciativa MIEUX+.

MIEUX+ está financiado por la Unión Europea. El contenido de este portal es responsabilidad exclusiva del ICMPD y no refleja necesariamente las opiniones de la Unión Europea.

Los datos abiertos publicados en este portal pueden reutilizarse libremente, citando la fuente. Las fronteras que muestra el mapa no implican ninguna posición sobre el estatuto de ningún territorio.

Contacto: escriba al equipo de MIEUX+ a través del portal, o utilice el formulario de la declaración de accesibilidad para los problemas de accesibilidad."""),
        "pt": ("Aviso legal", """Editor: Centro Internacional para o Desenvolvimento de Políticas Migratórias (ICMPD), Gonzagagasse 1, 1010 Viena, Áustria, em nome da iniciativa MIEUX+.

O MIEUX+ é financiado pela União Europeia. O conteúdo deste portal é da exclusiva responsabilidade do ICMPD e não reflete necessariamente as opiniões da União Europeia.

Os dados abertos publicados neste portal podem ser reutilizados livremente, com menção da fonte. As fronteiras apresentadas no mapa não implicam qualquer posição sobre o estatuto de qualquer território.

Contacto: escreva à equipa MIEUX+ através do portal, ou use o formulário da declaração de acessibilidade para problemas de acessibilidade."""),
        "ar": ("إشعار قانوني", """الناشر: المركز الدولي لتطوير سياسات الهجرة (ICMPD)، Gonzagagasse 1، 1010 فيينا، النمسا، نيابة عن مبادرة MIEUX+.

يموّل الاتحاد الأوروبي برنامج MIEUX+. ومحتوى هذه البوابة مسؤولية المركز وحده ولا يعكس بالضرورة آراء الاتحاد الأوروبي.

يمكن إعادة استخدام البيانات المفتوحة المنشورة في هذه البوابة بحرية مع ذكر المصدر. ولا تعني الحدود المعروضة على الخريطة أي موقف من وضع أي إقليم.

الاتصال: راسل فريق MIEUX+ عبر البوابة، أو استخدم نموذج بيان إمكانية الوصول للإبلاغ عن مشكلات الوصول."""),
        "ru": ("Правовая информация", """Издатель: Международный центр по развитию миграционной политики (ICMPD), Gonzagagasse 1, 1010 Вена, Австрия, от имени инициативы MIEUX+.

MIEUX+ финансируется Европейским союзом. Ответственность за содержание портала несёт исключительно ICMPD; оно не обязательно отражает позицию Европейского союза.

Открытые данные, опубликованные на портале, можно свободно использовать со ссылкой на источник. Границы на карте не означают какой-либо позиции относительно статуса какой-либо территории.

Контакты: напишите команде MIEUX+ через портал или воспользуйтесь формой заявления о доступности, чтобы сообщить о проблемах с доступностью."""),
    },
}


def load_legal_pages(get_model):
    """Create the first version of each page in each language (leaves existing rows alone)."""
    LegalPage = get_model("LegalPage")
    for kind, by_language in PAGES.items():
        for language, (title, body) in by_language.items():
            LegalPage.objects.get_or_create(
                kind=kind, version=PRIVACY_VERSION, language=language,
                defaults={"title": title, "body": body, "published_on": PUBLISHED},
            )
