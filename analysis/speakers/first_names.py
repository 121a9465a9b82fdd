"""First names by gender, for gender agreement of "he" and "she" with a name (:mod:`.salience`).

Derived from nomquamgender 0.1.4 (Van Buskirk, Clauset & Larremore 2023, "An open-source cultural
consensus approach to name-based gender classification", ICWSM; MIT licence; PyPI
``nomquamgender``, file ``name_data.json``): the names seen at least 5,000 times across its
sources whose share of women is at most 0.08 (``MALE``) or at least 0.92 (``FEMALE``). Names in
between ("Kelly", "Chris", "Lindsey") carry no gender here: for them only the text decides
(honorifics, gendered nouns, pronouns already resolved). The table is cut from the package
instead of loading its 720,000 names (22 MB, seconds per process) on every run.
Regenerate with ``python -m analysis.speakers.first_names`` where the package is installed.
"""
from __future__ import annotations

MALE = frozenset("""
    aaden aapo aarav aarne aaro aaron aarre aatos aatu abdallah abdel abdelaziz abdelkader abdellah abderrahim
    abdiel abdirahman abdoulaye abdul abdullah abe abel abelardo abner abraham abram ace achille achraf adalberto
    adam adan adem adil aditya adnan adolf adolfo adolph adolphe adonis adrian adriano adriel adrien aedan agustin
    ahmad ahmed ahmet ahti aidan aiden aimar aimo aitor ajay akeem akos akram aksel akseli al alain alan alastair
    alban albert alberto albie albin alden aldo alec aleix alejandro aleksandar aleksander aleksandr aleksanteri
    aleksi alen alessandro alessio alexander alexandre alexandro alexandru alexey alexzander alf alfie alfons
    alfonso alfonzo alfred alfredo alistair allan allen alois alojz alonso alonzo aloysius alphonse alphonso alton
    alvar alvaro alvin alvis amadeo amado amador amadou amar amaury ambroise ambrose amedee ameer amin amir ammar
    amos anas anatole ander anders anderson andoni andras andre andreas andrei andrej andres andreu andrew andrey
    andrin andrzej andy angelo angus anibal anselmo anson anssi antero anthony antoine anton antone antoni antonin
    antonino antonio antony antti antwan antwon anwar archer archibald archie arian aric arie arild aris aristide
    aritz arjun arlo armaan arman armand armando armas armin arnau arnaud arne arno arnold arnulfo aron arron arsene
    arsenio art arther arthur arto arttu artturi artur arturo arvid arvin arvo aryan asbjorn asher asier asko aston
    atle atte atticus attila augustin augusto augustus aukusti aulis aurelien aurelio austin avelino avi avraham
    axel ayden aydin ayman aymen aymeric ayoub aziz balazs baldomero balint baptiste barnabas barney baron barrett
    barry bart barthelemy bartholomew bartolome barton basil basile basilio bastien beat beckett ben bence benedek
    benedict benedikt benett bengt benigno benito benjamin bennett benno benny benoit benson bentley benton bernabe
    bernard bernardino bernardo bernat bernd bernhard bert bertram bertrand biel bienvenido bilal bilel bill billy
    bishop bjarne bjorn bjornar blaine blake blas bob bobby bodhi bogdan bojan bonifacio booker boris borja botjan
    botond boyce boyd brad braden bradford bradley bradly brady braeden brahim brais bram brandan branden brandon
    brandt brandyn branko branson brant brantley braulio braxton brayan brayden braydon braylen braylon brendan
    brenden brendon brennan brennen brent brenton bret brett brian brice brock broderick bronson brooks bruce bruno
    bryan bryant bryce brycen bryon bryson buck bud buddy buford burl burt burton buster byron cade caden caesar
    caiden cain cal cale caleb callen callum calum calvin camilo camron candido cannon carl carles carlo carlos
    carlton carmelo carsten carter case casimir casimiro cason casper cassius cathal cayden cayetano cecilio cedric
    cedrick celestin celestino celian celso cesar cesareo chace chad chadwick chaim chance charles chase chauncey
    chaz chester chet christer christian christof christoffer christoph christophe christopher christos chuck cian
    ciaran cillian cipriano clarence clark clarke claudio claudius clay clayton clemens clement clemente cletus
    cleveland cliff clifford clifton clint clinton clive clyde cole coleman colin collin colm colt colten colton
    conner connor conor conrad conrado constant constantin constantino cooper corbin cordell corentin corey cormac
    cornelius cortez coy craig cristian cristiano cristobal cristofer cristopher csaba cullen curt curtis curtiss
    cyprien cyril cyrill cyrille cyrus daan dag dalton damian damien damion damir damjan damon dan dane danial
    daniel danijel danilo danny dante daquan darell daren dario darius darko darnell daron darragh darrel darrell
    darren darrick darrin darrius darron darryl darwin daryl dashawn dave davian david davide davin davis davon davy
    dawson dax daxton dayton deacon dean deandre deangelo declan deion dejan delano delbert delmar delmer demarco
    demarcus demario demetrio demetrius demond denis dennis denny denton denver denzel deonte dereck derek derick
    derik dermot deron derrell derrick deshaun desmond devante devonte dewayne dewitt dexter dick didac didier diego
    dieter dietrich dillan dillon dimitri dimitrios dino diogo dion dionisio dirk djamel djibril dmitri dock domenic
    domenick domenico domingo dominic dominick dominik don donal donald donato donavan donavon donell donn donnell
    donnie donny donovan dontae donte doug douglas douglass doyle dragan drago drake driss duane dudley duke duncan
    dustin dwain dwayne dwight dylan eamon eamonn earl earle earnest easton ed eddie eddy edgar edgard edgardo
    edison edmond edmund edouard edson eduard eduardo edvard edvin edward edwardo edwin eeli eelis eemil eerik eero
    eetu efrain efren egil einar einari eino eirik eivind eladio elbert elden eldon eldridge eleazar elias eliel
    eliezer elijah elio eliot eliott eliseo elliot elliott ellsworth elmer elmeri elmo eloi elouan eloy elroy elton
    elvin elvis elwin elwood elyas emanuel emeric emil emiliano emilien emilio emir emmanuel emmet emmett emmitt
    emre eneko enes enoch enric enrico enrique ensio enzo eoghan eoin ephraim eren eric erich erick erik erkki
    erlend erling ernest ernesto ernie ernst errol ervin erwan erwann erwin esko espen esteban estevan ethan etienne
    euan eugen eugene eugenio eusebio evan evans evaristo even everett everette evert ewan ewen ezekiel ezequiel
    ezio ezra fabian fabien fabio fabrice fabrizio faisal fares farid faris fatih faustino fausto federico feliciano
    felicien felipe felix felton ferdinand ferenc fergus fermin fernand fernando ferran fidel filip filipe filippo
    finlay finn finnegan finnley firmin fisher flavien flavio fletcher florencio florent florentin florentino
    florian florin floyd flynn ford forest forrest foster fouad franc francesc francesco francis francisco
    franciszek franck franco francois frank franklin franklyn frans frantisek frantz franz fraser fred freddie
    freddy frederic frederick frederik fredric fredrick fredrik fredy freeman friedrich fritz frode gabin gabor
    gabriel gaetan gaetano gage galen gareth garett garfield garret garrett garrick garrison garry garth gary gaspar
    gaspard gaston gauthier gavin gaylord geir genaro geoffrey geoffroy georg george georges georgios gerald gerard
    gerardo gergely gergo gerhard germain german gerrit gervais gheorghe ghislain giacomo gian giancarlo gianluca
    gianni gibson gideon gil gilbert gilberto gildas giles gilles gines gino giorgio giovani giovanni giovanny
    giuliano giulio giuseppe glen glenn glynn gonzalo goran gordon gorka gottfried grady graeme graham grant
    granville grayson greg gregg gregoire gregor gregorio gregory griffin grover grzegorz guido guilhem guillaume
    guillem guillermo gunnar gunner gunter gunther gus gustaf gustav gustave gustavo guy gwendal gyorgy habib
    hadrien hakan hakeem hakim hakon hal halil hamid hamilton hamish hampus hamza hank hannes hannu hans hanspeter
    harald hardy haris harlan harland harmon harold haroun harris harrison harry harun harvey hasan hassan havard
    hayward haywood heath hector heikki heinrich heinz helmut hendrik hendrix henning henri henrik henrikki henry
    henryk herbert heriberto herman hermann hermanni herminio hernan herschel hershel herve hezekiah hicham hilario
    hilton hipolito hippolyte hiram hjalmar hobert holden holger homer horace horacio horst hosea houston howard
    hoyt hubert hudson hugh hugo hugues humberto huseyin hussein hyman iago iain ian ibai iban ibrahim ibrahima
    idris idriss ignacio igor iisakki iker ilan ilari ildefonso ilian ilias ilkka ilmari ilyan ilyas ilyes imad
    imanol immanuel imran imre inaki inigo ioan ion irvin irving irwin isaac isaak isac isai isaiah isaias isak
    ishaan ishmael isiah isidore isidoro isidro ismael ismail ismo israel issac issam istvan ivan ivar iver ivo
    izaiah izan jaakko jabari jace jacek jacinto jack jackson jacob jacobo jacoby jacques jad jadon jagger jai jair
    jairo jake jakob jakub jalmari jamaal jamal jamar jamarcus jamarion jamel james jamil jamir jamison janez janko
    janos jaquan jared jaren jari jarkko jarle jarmo jarno jarod jaron jaroslav jarred jarrett jarrod jarvis jase
    jasiah jason jasper jaume javier javion jawad jaxen jaxon jaxson jaxton jay jayceon jaydon jaylan jaylon jayson
    jed jedidiah jeff jefferson jeffery jeffrey jeffry jens jenson jerald jeremiah jeremias jeremie jeremy jericho
    jernej jerod jerold jerome jeronimo jerrell jerrod jerrold jerzy jesper jesse jesus jevon jim jimi jimmy jiri
    joachim joakim joannes joao joaquim joaquin joe joef joel joesph joffrey johan johann johannes john johnathan
    johnathon johnny johnpaul johnson johny jon jonah jonas jonatan jonathan jonathon jonny joona joonas joonatan
    jordi jordon jorg jorge jorgen joris jorma jorn jose joseba josef josep joseph josh joshua josiah josip jostein
    josu josue jouko jouni jovan jovanni jozef jozsef juan judah judd judson juha juhana juhani juho jukka julen
    julian julien julio julius junior jure jurg jurgen jussi justin justo justus juuso jyrki kaan kaarlo kacper
    kaden kaeden kaiden kais kaj kaleb kalervo kalevi kalvin kamal kamden kamel kamil kamron kane kareem karim karl
    karsten kash kason kaspar kasper kasperi kauko kayson keanu keaton keegan keenan keijo keith kellan kelton
    kelvin kemal ken kenan kendrick kenji kenneth kennith kenny kent kenton kenyon kenzo keon keshawn keven kevin
    kevon keyon khaled khalid khalil kian kieran kieron kilian killian kimmo king kingsley kingston kip kirk kjell
    kjetil klaus klemen knox knut koby kole kolten kolton konner konrad konsta konstantin konstantinos korbin kornel
    kraig krish kristian kristof kristofer kristoffer kristopher krisztian krzysztof kullervo kurt kurtis kustaa
    kyle kyler kylian kymani kyran kyron kyson lachlan ladislav lambert lamont lance landen landon landyn langston
    laron larry lars lasse lassi laszlo laureano laurent lawrence lawson layton lazaro leander leandro leeroy leevi
    legend leif leland lemuel len lenard lennart lennox leo leon leonard leonardo leonel leonhard leonidas leopold
    leopoldo leroy lester lev levente levi levin levon levy lewis lex liam lincoln lino linus linwood lionel livio
    lloyd lluis logan loic lorenz lorenzo louie louis lowell loy loyd luc lucas lucian luciano lucien lucio lucius
    ludovic ludvig ludwig luigi luis luiz luka lukas lukasz luke luther lyam lyle lyman lyndon mac maciej mack
    maddox mads mael magne magnus mahamadou mahdi mahmoud major makai maksim malachi malakai malcolm malcom malik
    malo malte mamadou manfred manuel marc marceau marcel marcelino marcello marcellus marcelo marcial marcin marco
    marcos marcus marek mariano marino mario marius mark markel markku marko markus marlon marques marquez marquis
    marshall martial martin marton martti marty marvin marwan mason massimo mate matej mateo mateusz matheo mathew
    mathias mathieu mathurin mathys matias matic matis mats matt matteo matthew matthias matthieu mattias mattis
    matyas mauno maurice mauricio maurizio mauro maverick max maxence maxim maximilian maximiliano maximilien
    maximillian maximino maximo maximus maxwell maynard mayson mehdi mehmet mekhi melker melvin melvyn menachem
    merrick mervin messiah meyer micah michael micheal michel michiel mickael mickey miguel miikka mikael mikail
    mike mikel mikhail mikkel mikko milan miles milford millard milo milos milton miquel mirko miro miroslav misael
    mitch mitchel mitchell mitja modesto mohamad mohamed mohammad mohammed moise moises montgomery monty mordechai
    moritz morris morten morton mose moses moshe mostafa mounir mourad moussa moustapha muhammad muhammed murat
    murray musa mustafa mustapha myles myron nabil nael naim napoleon narciso nash nasir nasser natan nate nathan
    nathanael nathanial nathaniel nathen neal ned nehemiah neil nejc nelson neo nestor neville newton niall nicholas
    nick nickolas nico nicolae nicolai nicolas niels nigel niilo nikhil niklas niklaus niko nikolai nikolas nikolaus
    nils nimrod nixon noah noble noel noham nolan nolann nolhan norbert norberto nordine norman normand norris nuno
    octave octavio odd odell odin odis oier oisin oiva olaf olav olavi ole oleg oleksandr olin oliver olivier olle
    olli omar omari omer onni oran oren oriol orion orlando orrin orval orville oscar oskar oskari osman osmo ossi
    osvaldo oswald oswaldo othmar otis otto oumar ousmane oussama ove owen oystein paavo pablo paco padraig paolo
    pascal pascual pasi pasquale patric patricio patrick patrik patryk paul paulino paulo pavel pawel peder pedro
    pekka pentti per percy perry pertti petar pete peter petr petri petter petteri phil philip philipp philippe
    phillip pierce pierre pierrick pieter pietro piotr pius placido pol porter preston primo prince princeton
    prosper quentin quinten quintin quinton rachid rafael raffaele ragnar raheem rahul raiden raimo raimundo rainer
    ralf ralph rami ramiro ramon ramsey randal randall randell randolph randy raoul raphael rashad rashawn rasmus
    raul rauno rayden rayford raylan raymon raymond raymundo rayyan reece reed reggie reginald regis reid reidar
    reijo reinaldo reinhard reinhold reino remington remo renato renaud renzo reto reuben rex reynald reynaldo rhett
    rhys ricard ricardo riccardo rich richard richie rick rickey ricky rico rigoberto riku rishi risto roar rob
    robbe robby robert roberto rocco rocky rod roderick rodger rodney rodolfo rodolphe rodrick rodrigo rodrigue roel
    rogelio roger rogers rohan rok roland rolando rolf rolland rollin romain roman romaric romeo romuald ron ronald
    ronaldo ronan ronin roope roque roscoe rosendo ross roy royce ruben rubin rudi rudolf rudolph rudy rueben rufino
    rufus rupert russ russel russell rusty ryan ryder ryker rylan ryland saad sabri sahil said salah salih salim
    salman salomon salvador salvatore sam sameer sami samir samson samu samual samuel samuli samy sander sandor
    sandro sanford santeri santiago santino santo santos saturnino saul scot scott scotty seamus sean sebastian
    sebastien segundo selim semaj seppe seppo serafin serge sergey sergi sergio seth severin seymour shad shane
    shaquille shaun sheldon shelton sherman sherwood shlomo shmuel shon siegfried sigmund sigurd silas silvan
    silvano silvio simen simeon simo simon sinan sindre sixten slavko sofian sofiane sohan solomon sondre sonny
    soren soufiane souleymane spencer stan stanford stanislas stanislav stanislaw stanley stanton stefan stefano
    steffen stein steinar stephan stephen stephon sterling stetson stevan steve steven stewart stian stig stuart
    sullivan sulo svein sven sverre syed sylas sylvain sylvester szabolcs szymon tad tadeusz tadhg taha taisto
    talmadge tamas taneli tanguy tanner tapani tapio tarek tarik tariq tarmo tauno ted teddy teemu tefan teo teodor
    teodoro teofilo terence tero terrance terrell terrence terrill tevin thad thaddeus theo theodor theodore
    theophile theron thiago thibaud thibault thibaut thierry thomas thor tiago tibor tim timeo timmy timo timon
    timothe timothee timothy tino tito titouan titus tobias tod todd toivo tom tomas tomasz tommaso tommy toney tony
    topi topias tor torbjorn tore torin torsten toussaint travis trent trenton trever trevon trevor trey tristan
    tristian triston trond troy truman trygve trystan tucker tuomas tuomo tuukka ty tyler tylor tymeo tyrell tyrese
    tyron tyrone tyshawn tyson ugo ulf ulises ulrich ulysse ulysses umar unai uolevi urban urho uriah uriel uro urs
    usman uwe vaclav vadim vaino valdemar valentin valentino valeriano valerio valter valtteri vance vasile vaughn
    veeti vegard veikko veli vern verneri vernon vicente victor victoriano vidal vidar viggo vihtori viktor vilhelm
    vilho vili viljo vince vincent vincenzo virgil virgile virgilio vito vitor vittorio vladimir volker volodymyr
    wade wael waldemar waldo walid walker wallace walter walton ward warner warren wassim waylon wayne weldon
    wendell werner wes wesley westin westley weston wilber wilbert wilbur wiley wilford wilfred wilfredo wilfrid
    wilfried wilhelm will willard willem willi william willis willy wilmer wilson wilton winfield winston wladyslaw
    wojciech wolfgang woodrow woody wout wyatt xabier xander xavi xavier xzavier yaakov yacine yago yahir yahya
    yanis yann yannick yannis yasin yasser yassin yassine yehuda yeray yisroel yoan yoann yoel yohan yohann yosef
    youcef younes yousef youssef yrjo yunus yuriy yusuf yvan zac zach zachariah zacharie zachary zachery zack
    zackary zackery zaid zaiden zain zak zakaria zakariya zakary zalan zander zayd zayden zayn zbigniew zdenek
    zechariah zeke zoltan zoran zsolt zsombor
""".split())

FEMALE = frozenset("""
    aada aaliyah abagail abbie abbigail abby abigail abigale abigayle abril ada adaline adalyn adalynn addilyn
    addisyn addyson adela adelaida adelaide adele adelheid adelia adelina adeline adella adelle adelyn adelynn
    adilene adina adoracion adriana adrianna adrianne adrienne africa afton agata agatha agathe agnes agnieszka
    agueda agustina aicha aida aila aileen aili aimee aina ainara aine ainhoa ainoa aira airi aisha aisling aislinn
    aitana aiyana aja alaia alaina alana alanah alanna alannah alayah alayna alba albane alberta albertha albertine
    albina alda alea aleah alecia aleena alejandra aleksandra alena alene alenka alesha alesia alessandra alessia
    aleta aletha alethea alexa alexandra alexandrea alexandria alexandrine alexia aleyna alfreda alia aliah aliana
    alice alicia alicja alida aliisa alina aline alisa alise alisha alison alissa alivia aliya aliyah aliza alize
    alizee alla allegra allene allie allyson allyssa alma almudena alojzija alondra alora alphonsine alta althea
    alvina alya alyce alycia alysa alyse alysha alysia alyson alyssa alyssia alyvia amaia amalia amalie amanda
    amandine amaris amaya amber amberly ambre amelia amelie america amia amie amina aminah aminata amira amirah
    amiyah amna amparo amy amya ana anabel anabella anabelle anaelle anahi anais analia anastacia anastasia anaya
    andreia aneta anette angela angele angeles angelia angelica angelika angelina angeline angelique angelita angie
    ania anica anika anina anisa anisha anissa anita aniya aniyah anja anjali anke ann anna annabel annabell
    annabella annabelle annaelle annalee annaliese annalisa annalise annamaria annamarie anne anneli anneliese
    annelise annemarie annetta annette anni annick annie anniina annika annikki annina annmarie annukka anny anouk
    antia antionette antje antoinette antonella antonette antonia antonietta antonija antonina anu anya aoife
    apolline april arabella araceli aracely arantxa aranzazu ardith arely aretha ariadna ariadne ariah ariana ariane
    arianna arianne ariella arielle ariyah arja arleen arlene arlette arline armande armandine armelle aroa arwen
    aryana aryanna ascension asha ashely ashlee ashleigh ashli ashlie ashlyn ashlynn asia asma asmaa assia asta
    astrid asya athena aubree aubrie aude audra audrey audrina augusta aulikki aundrea aune aura aurea aurelia
    aurelie auriane aurora aurore autumn ava avah avelina averi averie aviana avianna avis avril awa axelle aya ayah
    ayana ayanna ayesha ayla ayleen aylin ayse aysha azahara azalea aziza azra azucena babette bailee balbina bambi
    barbara barbra beata beate beatrice beatrix beatriz becky begona belen belinda bella belle belva benedicte
    benita bente berangere berengere berenice berit bernadette bernadine bernarda bernice berniece berta bertha
    berthe bertille beryl bess bessie beth bethan bethanie bethany bethel betsy bette bettie bettina betty bettye
    beulah beverley beverly bianca bianka bibiana birdie birgit birgitta bjorg blanca blanche blandine blanka bodil
    boglarka bonita bonnie bouchra bozena brandee brandi brandie brandy braylee brea breana breann breanna breanne
    bree brenda brenna breonna bria briana brianna brianne bridget bridgett bridgette briella brielle brigette
    brigid brigida brigitta brigitte brisa brita britany britney britta brittani brittany brittney brittni bronwyn
    brooke brooklynn bruna bryana bryanna cailyn caitlin caitlyn caitlynn caleigh calie calista callie cambria
    camelia cami camila camilla candace candela candelaria candi candice candida candis candy caoimhe capucine cara
    caren cari caridad carin carina carine carissa carita carla carlee carleen carlene carley carlie carlota
    carlotta carly carme carmela carmelita carmella carmen carol carola carolann carole carolin carolina caroline
    carolyn carolynn carrie caryn carys casandra casie cassandra cassandre cassie cataleya catalina catarina
    caterina catharina catharine catherine cathie cathleen cathrine cathryn cathy catrina catriona cayetana cayla
    caylee cecelia cecile cecilia cecilie cecily celena celeste celestina celestine celia celina celine cerys chaima
    chana chanda chanel chanelle chantal chantale chantel chantelle charissa charisse charity charla charlee
    charleen charleigh charlene charlette charline charlize charlotta charlotte charmaine chasity chastity chaya
    chelsea chelsey chelsie cherie cherise cherish cherry cheryl cheryle cheyanne cheyenne chiara china chiquita
    chloe christa christal christel christele christelle christene christi christiana christiane christianne
    christina christine chrystal chrystelle chyna ciara ciera cierra cindy cinthia cintia claire clara clare clarice
    clarissa clarisse claudette claudia claudine clea clelia clemence clementina clementine clodagh cloe clothilde
    clotilde coleen colette coline colleen collette concepcion concetta connie consolacion constance consuelo cora
    coral coralie coraline cordelia corina corine corinna corinne cornelia corrina corrine cristal cristina cristy
    crystal csenge cydney cynthia cyrielle dagmar dahlia daisy daleyza dalia dalila damaris danae danelle danette
    dania danica daniela daniella danielle danijela danika danita danna dannielle danuta danyelle daphne darcie
    daria darinka darja darla darleen darlene darline dasia davina davinia dawn dawna dayana dayanara dayna deana
    deandra deann deanna deanne debbie debby debora deborah debra deena deidra deidre deirdre deja delfina delia
    delilah della delma delois delores deloris delphine demetria demi dena denice denise denisse desamparados
    desirae desiree destinee destiney destini diana diane diann dianna dianne dilara dina dinah dionisia dionne
    dixie diya djamila dollie dolly dolores dolors domenica dominga dominika dona donia donita donna dora dorcas
    doreen dorene doretha dorina dorinda dorine doris dorka dorota dorothea dorothee dorothy dorris dortha dorthy
    dottie dounia dragica dulce earlene earline earnestine ebba eboni ebony eda edita edith edmonde edna edurne
    edwige edwina edythe eerika eeva eevi effie eglantine eija eila eileen eimear eira ekaterina ela elaina elaine
    elana elba elda elea eleanor eleanora eleanore elena eleni eleonora eleonore elfriede eliana eliane elianna
    elicia elida eliette elif eliisa elin elina eline elinor elisa elisabet elisabeth elisabetta elise elissa eliza
    elizabet elizabeth elizebeth elke ella elle ellen elli elliana ellie ellinor elly elma elmira elna elnora elodie
    eloisa eloise elora elouise elsa elsbeth else elsie elva elvera elvia elvina elvira elyse elysia elyssa elza
    elzbieta ema emanuela ember emelia emelie emeline emely emerald emersyn emese emi emilee emilia emiliana emilie
    emilienne emilija emily emine emma emmalee emmaline emmalyn emmanuelle emmeline emmi emmie emmy emy ena eniko
    enni enola enora enriqueta enya era erica ericka erika erin erja erlinda erma erna ernestina ernestine eryn esma
    esme esmee esmeralda esperanza esra essence essie estefania estefany estela estella estelle ester esteri esther
    estrella eszter ethel etiennette etta eugenia eugenie eula eulalia eulalie eunice eva evalyn evangelina
    evangeline eve eveliina evelin evelina eveline evelyn evelyne evelynn everleigh everly evette evie evonne evy
    ewa fabiana fabienne fabiola faith faiza fanni fannie fanny farah farida farrah fatiha fatima fatimah fatma
    fatou fatoumata faustina faustine fawn fay faye federica felecia felicia felicidad felicie felicitas felicity
    felipa felisa felisha fern fernanda fernande ferne ffion filippa filomena fiona flavia flavie fleur flora flore
    florence florencia florentina florentine floriane florinda florine flossie franca frances francesca francette
    francine francisca francoise franeika franziska freda freida freja freya frida frieda friederike fruzsina
    fuensanta gabriela gabriella gabrielle gaelle gaetane gaia gala galilea galina garance gayla gema gemma geneva
    genevieve genoveva georgette georgia georgiana georgianna georgina geraldine geralyn gerda gertie gertrud
    gertrude ghislaine giada giana gianna gilberte gilda gina ginette ginger ginny giovanna gisela gisele giselle
    gislaine gisselle giulia giuliana giuseppina gladys glenda glenna gloria golda goldie gordana grace gracelyn
    gracelynn gracia gracie graciela grainne graziella grecia gregoria greta gretchen grete grethe griselda gry
    gudrun guillermina gussie guylaine gwen gwenaelle gwendoline gwendolyn gwladys gwyneth habiba hadassah hafida
    hafsa hailee hailey hailie hajar haleigh haley halie halima halina halle hallie hana hanae hanane hanna hannah
    hanne hannele hannelore harmony harriet harriett harriette hatice hattie hawa haylee hayleigh hayley haylie
    hazel heather hedda hedwig heidi heidy heike helen helena helene helga helina hellen hellevi heloise helvi henna
    henrietta henriette henriikka hermina hermine herminia hester hettie hiba hilda hilde hildegard hilkka hillary
    hillevi hilma hind holli hollie honey honorine hope hortense hortensia houda huguette hulda ida idella idoia
    iesha ignacia iida iina iiris ila ilana ilaria ileana ilene iliana ilona ilse ilyana ima imane imani imelda
    imogen imogene ina inaya india indie indira ines inez inga ingeborg inger ingrid ingunn ingvild inka inkeri
    inmaculada inna ioana iola iona ione iqra irati iratxe irena irene iria irina iris irja irma irmeli irmgard
    iryna isabel isabela isabell isabella isabelle isadora isela isha isidora isis isla isobel isra itzel iva ivana
    ivanka ivanna ivette ivonne ivy iwona iyana izabela izabella izabelle izaskun jaana jacalyn jacinta jackeline
    jacklyn jaclyn jacqueline jacquelyn jacquelynn jacquline jada jade jadwiga jaelyn jaelynn jaida jaimee jakayla
    jalisa jaliyah jalynn jamila jamya jana janae janay jane janeen janel janell janelle janessa janet janeth
    janette janey janice janie janina janine janiya janiyah janja janka janna jannette jaqueline jasmina jasmine
    jasmyn jaunita jayda jayde jayla jaylah jayleen jaylene jaylyn jaylynn jayna jayne jazlynn jazmin jazmine jazmyn
    jazmyne jeana jeane jeanetta jeanette jeanie jeanine jeanna jeanne jeannette jeannie jeannine jelena jemima
    jemma jena jenelle jenifer jenna jennah jenni jennie jennifer jenny jennyfer jerilyn jesica jessa jessenia
    jessica jessika jesusa jill jillian jimena joana joanie joanna joanne joaquina jocelyne jodi jodie joefa joelle
    joellen johana johanna johanne johnna joica jolanda jolanta joleen jolene jolie joline jonna jorja jorunn josee
    josefa josefiina josefina josefine joseline joselyn josephine josette josiane josie josseline journee jovita joy
    joyce joycelyn juana juanita judi judie judit judith judy julia juliana juliane julianna julianne julie julienne
    juliet julieta juliette julissa june justa justina justine justyna jutta juulia kaarina kacey kacie kadence
    kaela kaelyn kaia kaija kaila kailee kailey kailyn kairi kaisa kaitlin kaitlyn kaitlynn kaja kala kaleigh kaley
    kalia kalie kaliyah kalli kallie kamila kamilah kamilla kamille kandace kandi kandice kandy kara karen karie
    karima karin karina karine karissa karla karlee karley karlie karly karmen karoliina karolina karoline karolyn
    karrie karyn kasandra kassandra kassidy kassie kata katalin katalina katariina katarina katarzyna kate katelin
    katelyn katelynn katerina katharina katharine katherine katheryn kathi kathie kathleen kathlyn kathrin kathrine
    kathryn kathryne kathy kati katia katie katina katja katlin katlyn katri katriina katrin katrina katrine kattie
    katy katya kaycee kaydence kaye kayla kaylah kaylee kayleen kayleigh kaylene kayley kayli kaylie kaylin kaylyn
    kaylynn keara keila keira keisha kelli kellie kelsea kelsi kelsie kelya kendra kendyl kenia kenza keren keri
    kerri kerrie kerstin kerttu kesha keshia keyla khadija khadijah khloe kiana kianna kiara kiera kierra kiersten
    kimberlee kimberley kimberly kimora kinga kira kirsi kirsten kirsti kirstie kirstin kirsty kisha kitty kjersti
    klara klaudia kora kourtney krista kristal kristel kristi kristie kristiina kristin kristina kristine kristy
    kristyn krisztina krysta krystal krystina krystle krystyna kyara kyla kylah kylee kyleigh kylie kyllikki kyndall
    kyra lacie ladina ladonna laetitia laia laila lailah laina lainey lakeisha lakesha lakisha lalie laly lamia lana
    lanette laney lani lanie laquita lara larisa larissa lashonda latanya latasha latifa latisha latonia latonya
    latosha latoya latrice latricia laura laure laureen laurene lauretta laurette lauriane laurianne laurine lauryn
    lavina lavinia lavonne lawanda layla laylah lea leah leana leandra leane leann leanna leanne leatha leatrice
    leeann leena leia leigha leila leilani leire leisa lela lelia lena lene lenka lenna lenora lenore leola leona
    leonie leonor leonora leonore leontine leora leota lesa leslee lesli lesly lessie leta letha leticia letitia
    letizia lettie lexi lexie leyla leyna leyre lia liana liane lianna lianne libby lida lidia lidija liisa lila
    lilah lili lilia liliana liliane lilianna lilith lilja lilla lilli lillian lilliana lillianna lillie lilly lilou
    lily lilya lilyana lina linda line linette linnea linnie linsey lisa lisbeth lise liselotte lisette lison
    lissette litzy liv livia liya liz liza lizabeth lizbeth lizeth lizette lizzie ljudmila loane lola lolita lona
    londyn lora loraine lore loredana lorelai lorelei lorena lorene lorenza loretta lori lorie lorinda lorine lorna
    lorraine lorri lotta lotte lotti lottie louane louann louanne loubna louella louisa louise louisette louna
    lourdes lovisa luana luann luanne lucero lucette lucia luciana lucie lucienne lucila lucile lucille lucinda
    lucretia lucy ludivine ludmila luella luisa luise lula luna lupita lura luz luzia lya lyana lyda lydia lydie
    lyla lylah lylou lyn lyna lynda lyndsay lyndsey lynette lynne lynnette lynsey lyra lysiane lyydia maaria maarit
    mabel mable macarena maci macie madaline madalyn madalynn maddie maddison madelaine madeleine madeline madelyn
    madelynn madge madilyn madilynn madisen madisyn madonna madyson maegan maelie maeline maelle maely maelys maeva
    maeve magali magalie magaly magda magdalena magdalene magdeleine maggie magnolia mai maia maialen maider maija
    mailys maira maire mairead maisie maissa maisy maite maiwenn maiya maja majda makayla makenna malaika maleah
    malena malgorzata malia malika malina malinda malissa maliyah malka mallorie malorie malvina mamie manal mandi
    mandy manon manuela manuella mara maranda marcela marcelina marceline marcella marcelle marcelline marci marcia
    marcie marcy maren margaret margareta margarete margaretha margarett margarette margarita margaritha margaux
    margery margherita margie margit margo margot margret margrit margrith marguerite mari maria mariah mariam
    mariama mariana mariann marianna marianne maribel maribeth maricela marie mariel mariela mariella marielle
    marietta mariette mariia marija marika marilee marilou marilyn marilyne marilynn marina marine marinette mariona
    marisa marisela marisol marissa marit marita maritta maritza mariya mariyah marja marjaana marjatta marjeta
    marjolaine marjorie marjory marjukka marjut marketa marketta marla marlee marleen marlena marlene marlies marlis
    marlise marlyn marlys marnie marquita marsha marta martha marthe martina martine martta marva marwa mary maryam
    maryann maryanne marybeth maryellen maryjane maryjo marylene marylin maryline marylou maryse maryvonne mathilda
    mathilde matilda matilde maud maude maudie maura maureen mauricette maurine mavis maxine may maya maybelle
    maylis mayme mayra mayssa mazie mckayla meadow meagan meaghan medina meg megan megane meghan melani melania
    melanie melany melba melek melia melina melinda meline melisa melissa mellissa melodie melody melonie melva
    melvina merce mercedes mercy merete meri meriem meritxell merja mervi meryem meta mette mia micaela michaela
    michela micheline michelle mihaela miia mikaela mikayla mila milagros milana mildred milena miley milica milja
    milla millicent millie milly mimi mina mindy minerva minna minnie mira miranda mireia mireille mirella miren
    mireya miriam mirja mirjam mirjami mirjana mirna missy misti misty mittie mitzi miya modesta moira mojca mollie
    molly mona monica monika monique monserrat montserrat morgane moriah mozelle muguette muriel murielle mya myah
    myla mylene myra myriam myrna myrtis myrtle nabila nada nadege nadia nadine nadja naelle nagore nahia naia
    naiara naila naima najat nala nanci nancy nanette nannette nannie naomi naomie naroa natacha natalee natalia
    natalie natalija nataliya nataly natalya natasa natascha natasha nathalia nathalie nathaly natividad nawal nawel
    naya nayara nayeli nayla nea nedra neha neila nelda nelia nell nella nelle nelli nellie nelly nena nerea nereida
    nesrine nettie neus neva nevaeh nia niamh nichelle nichole nicole nicoleta nicoletta nicolette nicolle niina
    nikole nikolett nila nina ninon nisa nita noelia noeline noella noelle noemi noemie nola nolwenn nona noora nora
    norah noreen norine norma noura nova novella nuria nya nyah nyasia nyla nylah obdulia oceane octavia octavie
    odessa odette odile ofelia oksana olena oleta olga olive olivia olympe ona oona opal ophelia ophelie oralia
    oriana oriane orlane ornella orvokki otilia ouida outi paige paislee paityn paivi paivikki palmira paloma pam
    pamala pamela panna pansy paola pascaline patience patrica patricia patrizia patti pattie patty paula paule
    paulette pauliina paulina pauline pavla pearl pearlie pearline peggie peggy pela penelope pennie penny perla
    pernille perrine petra philippa philippine philomena philomene phoebe phyllis pia piedad pierrette piia pilar
    pinja piper pippa pirjo pirkko polly poppy portia precious prescillia princess prisca priscila priscilla
    priscillia priska priya prudence purificacion queen rabia rachael racheal rachel rachele rachelle rachida raelyn
    raelynn rafaela ragnhild rahel rahma raija raili raina raisa ramona randi rania raphaela raphaelle raquel raya
    rayna reanna reba rebeca rebecca rebecka rebeka rebekah rebekka reetta regina regine reidun reina reine rejane
    reka remedios rena renae renata renate renee renita reta retha reva reyna rhea rhianna rhiannon rhoda rhonda ria
    rianna richelle rihanna riikka riina riitta rima rina rita ritva rivka riya roberta rochelle rocio roisin romana
    romina romona romy rona ronda ronja roosa rosa rosalba rosalee rosalia rosalie rosalina rosalind rosalinda
    rosalyn rosana rosanna rosanne rosaria rose roseann roseanna roseanne roseline rosella roselyn roselyne
    rosemarie rosemary rosetta rosette rosie rosina rosine rosita roslyn rosmarie rowena roxana roxane roxann
    roxanna roxanne roxie rubi rubie ruby rubye rufina rut ruth ruthann ruthie saara sabina sabine sabra sabrina
    sade sadia sadie saffron safia safiya saga sagrario sahara sahra saida saige saira sakina salena saliha salima
    salina salla sallie sally salma salome salvadora samanta samantha samara samia samira sana sanaa sandie sandra
    sandrine saniya saniyah sanja sanna sanni saoirse sapphire sara sarah sarahi sarai saray sariah sarina sarita
    saskia satu saundra savana savanah savanna savannah scarlet scarlett scarlette segolene seija selena selene
    selin selina selma sephora serafina seraina seren serena serenity serina severine shaina shakira shameka shamika
    shana shanda shanelle shania shanice shanika shaniqua shaniya shanna shante shantel shantell shara shari sharla
    sharlene sharon sharonda sharron sharyn shauna shawna shayla shaylee shayna sheena sheila shelbi shelbie shelia
    shelley shelli shellie shelly sheree sheri sherie sherlyn sherri sherrie sherry sheryl sheyla shiela shira
    shirlee shirlene shirley shona shonda shoshana shreya shyann shyanne shyla sibyl sibylle sidonie siena sienna
    sierra signe sigrid siham siiri silja silje silke silvana silvia simona simonne sindy sinead sini sinikka
    siobhan sira siri sirine sirkka sirpa siv skyla slavica socorro sofia sofie soizic solange soledad solene solenn
    solenne soline solveig sondra sonia sonja sonya sophia sophie soraya souad soukaina soumaya stacey staci stacia
    stacie stanislava starla starr stefani stefania stefanie stella stephani stephanie stephany stephenie stina
    stine sue sumaya summer sunniva sunshine susan susana susann susanna susannah susanne susie suvi suzan suzana
    suzanna suzanne suzette suzie suzy svenja svetlana svitlana sybil sybille syble sydnee sydni sydnie syeda
    sylvaine sylvette sylvia sylviane sylvie synnove szonja tabatha tabea tabitha tahlia taina talia taliyah
    tallulah talya tamara tameka tamela tamera tami tamia tamika tammi tammie tammy tamra tanesha tania tanisha
    taniya tanja tanya tara tarah tarja taru taryn tasha tasnim tatiana tatianna tatjana tatyana tawnya taya tayla
    tea teena teija tellervo tenley teodora tera teresa terese teressa tereza terezija terhi terra terrie terttu
    tess tessa tessie thais thalia thea theda thelma theodora theresa therese theresia thi tia tiana tianna tiara
    tierra tiffani tiffanie tiffany tiia tiina tilda tilde tillie tilly timea tina tindra tiphaine tiphanie tisha
    tiziana tjaa tomasa tonia tonja tonje tonya tori toril torill tosha tova tove tracey traci tracie trena tresa
    tressa tressie triana tricia trina trine trinity trisha trista trude trudy tuija turid tuula tuuli tuulia
    tuulikki tuva twila twyla typhaine tyra ulla ulrike una unique ursula ute uxue vada valarie valencia valentina
    valeria valerie valorie vanda vanesa vanessa vania veda velda velma venessa venita venla venus vera verda verena
    verla verna vernice verona veronica veronika veronique vesna vesta vibeke vicenta vickey vicki vickie vicky
    victoire victoria victorine vida vienna vigdis viivi vikki viktoria viktorija vilhelmiina vilma vina vincenza
    viola violaine violet violeta violetta violette virgie virginia virginie virpi visitacion vita vittoria viviana
    viviane vivienne vonda vuokko wanda wenche wendi wendy wilda wilhelmina willa willow wilma winifred winnie
    winnifred winona wynter xenia ximena xiomara xochitl yadira yaelle yahaira yaiza yajaira yamileth yamina yana
    yanira yara yareli yaretzi yaritza yasemin yasmeen yasmin yasmina yasmine yazmin yelena yesenia yesica yessenia
    yessica yolanda yolande yoselin yousra yuliana yuna yusra yveline yvette yvonne zahra zaida zaina zainab zaira
    zaniyah zara zaria zariah zaynab zdenka zelda zelie zella zelma zena zeynep zina zineb zita zoe zoey zofia zohra
    zoie zora zoya zsofia zulema zuzana zuzanna
""".split())


def first_name_gender(name: str) -> str:
    """"m", "f" or "" for a first name (any case)."""
    lower = name.lower()
    return "m" if lower in MALE else "f" if lower in FEMALE else ""


def _regenerate() -> str:  # pragma: no cover - needs the nomquamgender package
    import json
    from importlib import resources

    data = json.loads(resources.files("nomquamgender").joinpath("name_data.json").read_text(encoding="utf-8"))
    common = {k: v for k, v in data.items() if k.isalpha() and k.isascii() and v[1] >= 5000}
    male = sorted(k for k, v in common.items() if v[2] <= 0.08)
    female = sorted(k for k, v in common.items() if v[2] >= 0.92)
    return f"{len(male)} male, {len(female)} female names; paste them into MALE and FEMALE:\n" + \
        " ".join(male) + "\n\n" + " ".join(female)


if __name__ == "__main__":  # pragma: no cover
    print(_regenerate())
